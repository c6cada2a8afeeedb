@echo off
rem Starts Motor from this distribution on Windows: lib\ is the module path, conf\ holds the
rem configuration, plugins\ the plugins. JAVA_HOME picks the JDK (21 or newer; else java on the PATH),
rem JAVA_OPTS adds JVM options, and every argument goes to Motor (try --help).
setlocal
set "MOTOR_HOME=%~dp0.."
for %%i in ("%MOTOR_HOME%") do set "MOTOR_HOME=%%~fi"
if defined JAVA_HOME (set "JAVA=%JAVA_HOME%\bin\java.exe") else (set "JAVA=java.exe")
if exist "%MOTOR_HOME%\runtime\bin\java.exe" (
  "%MOTOR_HOME%\runtime\bin\java.exe" %JAVA_OPTS% -Dmotor.home="%MOTOR_HOME%" ^
    -Dlogback.configurationFile="%MOTOR_HOME%\conf\logback.xml" ^
    --add-modules ALL-SYSTEM --module motor.core/motor.core.Main %*
) else (
  "%JAVA%" %JAVA_OPTS% -Dmotor.home="%MOTOR_HOME%" ^
    -Dlogback.configurationFile="%MOTOR_HOME%\conf\logback.xml" ^
    --module-path "%MOTOR_HOME%\lib" --add-modules ALL-MODULE-PATH --module motor.core/motor.core.Main %*
)
exit /b %ERRORLEVEL%
