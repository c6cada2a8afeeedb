/**
 * Form bodies: {@link motor.ext.multipart.Forms#read} gives a {@link motor.ext.multipart.Form} of text
 * fields and {@link motor.ext.multipart.FilePart}s; {@link motor.ext.multipart.Forms#parts} gives a
 * {@link motor.ext.multipart.PartReader} that streams parts one by one. Limits and storage are set by
 * {@link motor.ext.multipart.FormOptions}, which the {@code multipart} extension reads from its
 * configuration section.
 */
package motor.ext.multipart;
