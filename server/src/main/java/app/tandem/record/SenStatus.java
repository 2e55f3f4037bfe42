package app.tandem.record;

/** Where a pupil is on the SEN register (SEND Code of Practice 6.15, 6.44 and chapter 9). */
public enum SenStatus {
    NONE("none"),
    /** Watched, with no SEN support yet (a concern the school is looking into). */
    MONITORING("monitoring"),
    SEN_SUPPORT("sen-support"),
    EHC_PLAN("ehc-plan");

    private final String wire;

    SenStatus(String wire) {
        this.wire = wire;
    }

    /** The name the API and the database use. */
    public String wire() {
        return wire;
    }

    /** The status the API or the database names; IllegalArgumentException for another. */
    public static SenStatus of(String wire) {
        for (SenStatus status : values()) if (status.wire.equals(wire)) return status;
        throw new IllegalArgumentException("no SEN status " + wire);
    }

    /** On the SEN register: SEN support or an EHC plan. */
    public boolean onRegister() {
        return this == SEN_SUPPORT || this == EHC_PLAN;
    }
}
