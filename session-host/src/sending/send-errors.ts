/** A send that cannot succeed by retrying (bad media, number not on WhatsApp, unknown target). */
export class PermanentSendError extends Error {}
