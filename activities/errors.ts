/** Every error an activity raises, by name. Unrecoverable ones are thrown as non-retryable failures. */
export enum ActivityError {
  /** The SMTP server refused or could not be reached: retry later. */
  MailTemporarilyRefused = 'MailTemporarilyRefused',
  /**
   * The mail server refuses every message for a reason of the sending side (authentication, relay denied, TLS, the
   * server unreachable): nothing is known about the recipients, everything stays owed until the office fixes it.
   */
  MailServerRefused = 'MailServerRefused',
  /** A recipient address was rejected permanently (5xx): retrying cannot help. */
  MailRecipientRejected = 'MailRecipientRejected',
  /** Zalo could not be reached, answered 5xx or asked to slow down: retry later. */
  ZaloTemporarilyRefused = 'ZaloTemporarilyRefused',
  /** Zalo refused the message (unknown user, not a follower of the OA…): retrying cannot help. */
  ZaloRecipientRejected = 'ZaloRecipientRejected',
}
