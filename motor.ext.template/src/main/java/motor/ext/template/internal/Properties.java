package motor.ext.template.internal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import motor.ext.template.TemplateException;

/**
 * Reads a named value from a model object: a map's entry, a record's component, or a JavaBean getter
 * ({@code getName()}, {@code isName()} for booleans). Nothing else is called, so a template cannot invoke
 * arbitrary methods. The accessor found for a class and name is cached, so reflection runs once per pair.
 */
final class Properties {

    /** What {@link #get} returns when the object has no such property (as opposed to a property that is null). */
    static final Object MISSING = new Object();

    private static final MethodHandle NONE = MethodHandles.constant(Object.class, MISSING);

    private static final ClassValue<Map<String, MethodHandle>> ACCESSORS = new ClassValue<>() {
        @Override
        protected Map<String, MethodHandle> computeValue(Class<?> type) {
            return new ConcurrentHashMap<>();
        }
    };

    private Properties() {
    }

    static Object get(Object target, String name) {
        if (target == null) {
            return MISSING;
        }
        if (target instanceof Map<?, ?> map) {
            Object value = map.get(name);
            return value != null || map.containsKey(name) ? value : MISSING;
        }
        MethodHandle accessor = ACCESSORS.get(target.getClass()).computeIfAbsent(name, n -> find(target.getClass(), n));
        if (accessor == NONE) {
            return MISSING;
        }
        try {
            return accessor.invoke(target);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new TemplateException("reading '" + name + "' of " + target.getClass().getName() + " failed", e);
        }
    }

    private static MethodHandle find(Class<?> type, String name) {
        Method method = null;
        if (type.isRecord()) {
            for (RecordComponent component : type.getRecordComponents()) {
                if (component.getName().equals(name)) {
                    method = component.getAccessor();
                }
            }
        }
        if (method == null && !name.isEmpty()) {
            String capitalised = Character.toUpperCase(name.charAt(0)) + name.substring(1);
            method = getter(type, "get" + capitalised);
            if (method == null) {
                method = getter(type, "is" + capitalised);
                if (method != null && method.getReturnType() != boolean.class && method.getReturnType() != Boolean.class) {
                    method = null;
                }
            }
        }
        if (method == null) {
            return NONE;
        }
        try {
            return handle(method);
        } catch (IllegalAccessException e) {
            // A hidden class (java.util.TreeMap$Entry, an application's private implementation) may still
            // implement the getter for a public type: Map.Entry.getKey(), say. Call it through that type.
            MethodHandle inherited = throughPublicType(type, method.getName());
            if (inherited != null) {
                return inherited;
            }
            throw new TemplateException("the template cannot read '" + name + "' of " + type.getName()
                    + ": make the class public and, on the module path, export its package (at "
                    + "least to motor.ext.template)", e);
        }
    }

    private static MethodHandle handle(Method method) throws IllegalAccessException {
        Module self = Properties.class.getModule();
        Module owner = method.getDeclaringClass().getModule();
        if (!self.canRead(owner)) {
            self.addReads(owner);
        }
        return MethodHandles.lookup().unreflect(method).asType(java.lang.invoke.MethodType.methodType(
                Object.class, Object.class));
    }

    /** {@return a handle for the getter as a public supertype of {@code type} declares it, or null} */
    private static MethodHandle throughPublicType(Class<?> type, String getter) {
        java.util.ArrayDeque<Class<?>> todo = new java.util.ArrayDeque<>();
        java.util.Set<Class<?>> seen = new java.util.HashSet<>();
        todo.add(type);
        while (!todo.isEmpty()) {
            Class<?> current = todo.poll();
            if (!seen.add(current)) {
                continue;
            }
            if (current != type && Modifier.isPublic(current.getModifiers())) {
                Method declared = getter(current, getter);
                if (declared != null && Modifier.isPublic(declared.getDeclaringClass().getModifiers())) {
                    try {
                        return handle(declared);
                    } catch (IllegalAccessException e) {
                        // not exported to us: look further
                    }
                }
            }
            if (current.getSuperclass() != null) {
                todo.add(current.getSuperclass());
            }
            todo.addAll(java.util.Arrays.asList(current.getInterfaces()));
        }
        return null;
    }

    private static Method getter(Class<?> type, String name) {
        try {
            Method method = type.getMethod(name);
            if (Modifier.isStatic(method.getModifiers()) || method.getReturnType() == void.class
                    || method.getDeclaringClass() == Object.class) {
                return null;
            }
            return method;
        } catch (NoSuchMethodException e) {
            return null;
        }
    }
}
