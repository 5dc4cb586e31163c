package io.fraisier.providers.notify;

/** A message that a channel did not accept; its text names the cause and never holds a secret. */
public final class DeliveryFailure extends Exception {
    private static final long serialVersionUID = 1L;

    public DeliveryFailure(String message) {
        super(message, null, false, false);
    }
}
