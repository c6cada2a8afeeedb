/**
 * The exported API of the security extension: {@link motor.ext.security.Encode}, contextual output
 * encoding for applications that build HTML, JavaScript, URLs or CSS from untrusted text. The security
 * headers and CORS need no API: they are configured in the {@code security} section.
 */
package motor.ext.security;
