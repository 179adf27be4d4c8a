/// Calendly: scheduling links and webhook signatures (being built).
public enum CalendlyPlaceholder {}
