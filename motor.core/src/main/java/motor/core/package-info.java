/**
 * Motor's entry points: {@link motor.core.Server} to run a server from Java, {@link motor.core.Main} for
 * the command line, and {@link motor.core.Compliance} for the named protocol tolerances.
 */
package motor.core;
