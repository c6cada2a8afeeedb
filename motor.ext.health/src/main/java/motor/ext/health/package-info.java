/**
 * Health checks: {@link motor.ext.health.HealthCheck} (what a check is), {@link motor.ext.health.HealthResult}
 * (what it says) and {@link motor.ext.health.Health} (the service where checks are registered).
 */
package motor.ext.health;
