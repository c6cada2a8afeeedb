package motor.ext.auth.internal;

import java.util.ArrayList;
import java.util.List;
import motor.ext.auth.Authenticator;
import motor.ext.auth.Challenge;
import motor.spi.Request;

/** Several authenticators offered together; see {@link Authenticator#anyOf}. */
public final class AnyOf implements Authenticator {

    private final List<Authenticator> authenticators;

    /**
     * Combines authenticators.
     *
     * @param authenticators at least one, asked in this order
     */
    public AnyOf(List<Authenticator> authenticators) {
        if (authenticators.isEmpty()) {
            throw new IllegalArgumentException("anyOf needs at least one authenticator");
        }
        this.authenticators = List.copyOf(authenticators);
    }

    @Override
    public Result authenticate(Request request) throws Exception {
        List<Challenge> challenges = new ArrayList<>(authenticators.size());
        String rejection = null;
        for (Authenticator authenticator : authenticators) {
            Result result = authenticator.authenticate(request);
            switch (result) {
                case Result.Authenticated authenticated -> {
                    return authenticated;
                }
                case Result.NoCredentials missing -> challenges.addAll(missing.challenges());
                case Result.Rejected rejected -> {
                    if (rejection == null) {
                        rejection = rejected.reason();
                    }
                    challenges.addAll(rejected.challenges());
                }
            }
        }
        return rejection != null ? new Result.Rejected(rejection, challenges) : new Result.NoCredentials(challenges);
    }

    @Override
    public String toString() {
        return "anyOf" + authenticators;
    }
}
