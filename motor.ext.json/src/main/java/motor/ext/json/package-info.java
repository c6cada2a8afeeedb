/**
 * JSON request and response bodies with Jackson.
 *
 * <ul>
 *   <li>{@link motor.ext.json.Json}: {@code read}, {@code tree} and {@code write} for handlers;</li>
 *   <li>{@link motor.ext.json.JsonCodec}: one configured mapper with the HTTP checks, made by the
 *       {@code json} extension or by the application;</li>
 *   <li>{@link motor.ext.json.JsonOptions}: its limits and features;</li>
 *   <li>{@link motor.ext.json.JsonCustomizer}: a service that adjusts the extension's mapper.</li>
 * </ul>
 */
package motor.ext.json;
