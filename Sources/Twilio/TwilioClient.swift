/// The Twilio Messages API client (in progress on a branch).
public enum TwilioPlaceholder {}
