package motor.ext.template;

/** Model objects that tests in other packages need. */
public final class TestModels {

    private TestModels() {
    }

    /** {@return an object of a class the engine cannot reach: not public, outside its package} */
    public static Object hidden() {
        return new Hidden();
    }

    /** Not public: its getter cannot be reached, and no public type declares it. */
    static final class Hidden {
        public String getSecret() {
            return "s";
        }
    }
}
