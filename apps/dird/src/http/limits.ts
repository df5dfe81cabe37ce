/**
 * The bounds of what a client may send, checked before any plugin runs (docs/security.md). A request beyond
 * one is refused with a reason in the common error shape.
 */

/** The longest path parameter (profile, user_uuid, contact id) the router accepts: 400 beyond. */
export const MAX_PARAM_LENGTH = 256;

/** Node's bound on the request line and headers together: 431 beyond. */
export const MAX_HEADER_BYTES = 16 * 1024;

/** The largest request body a route accepts unless it says otherwise (an import route may allow more): 413. */
export const MAX_BODY_BYTES = 1024 * 1024;
