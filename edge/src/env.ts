/** Bindings the worker reads (wrangler vars/secrets, or Miniflare bindings in tests and `npm start`). */
export interface Env {
  LIBSQL_URL: string;
  LIBSQL_AUTH_TOKEN?: string;
  S3_ENDPOINT?: string;
  S3_REGION?: string;
  S3_BUCKET: string;
  S3_ACCESS_KEY_ID: string;
  S3_SECRET_ACCESS_KEY: string;
  S3_FORCE_PATH_STYLE?: string;
  MASTER_API_KEY: string;
  HOST_SHARED_SECRET: string;
  /** Any session host: asked to start new sessions; afterwards the owner's lease names its URL. */
  SESSION_HOST_URL: string;
  /** `none` serves the legacy /api/send-message and /api/message without a token, as the original did. */
  LEGACY_API_AUTH?: string;
  /** Session the legacy form endpoint uses when the request names none (the original's was `putra`). */
  LEGACY_DEFAULT_SESSION?: string;
  /** Dashboard admin user name (default `admin`). */
  ADMIN_USERNAME?: string;
  /** Dashboard admin password in the clear, or ADMIN_PASSWORD_HASH (`pbkdf2-sha256$iterations$salt$hash`). Neither: admin login is off. */
  ADMIN_PASSWORD?: string;
  ADMIN_PASSWORD_HASH?: string;
  /** HMAC key for the dashboard cookie; unset: derived from MASTER_API_KEY. */
  COOKIE_SECRET?: string;
  /** Dashboard sign-in attempts per client per 15 minutes (default 10). */
  LOGIN_MAX_ATTEMPTS?: string;
  /** Header a proxy in front of the edge sets to the client's address (e.g. `x-forwarded-for`,
   * `x-real-ip`). Unset: the connection's address (CF-Connecting-IP as the platform sets it). */
  TRUST_PROXY?: string;
  /** The URL browsers use (e.g. `https://wa.example.com`) when TLS ends in a proxy: the
   * dashboard cookie is Secure and sign-in changes are checked against this origin. */
  PUBLIC_URL?: string;
  /** ISO 3166 alpha-2 country national-format numbers (0812…) are read in; unset: they are refused. */
  DEFAULT_COUNTRY?: string;
}
