/** Every error an activity raises, by name. Unrecoverable ones are thrown as non-retryable failures. */
export enum ActivityError {
  /** The SMTP server refused or could not be reached: retry later. */
  MailTemporarilyRefused = 'MailTemporarilyRefused',
  /** A recipient address was rejected permanently (5xx): retrying cannot help. */
  MailRecipientRejected = 'MailRecipientRejected',
}
