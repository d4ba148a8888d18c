/** The largest OpenAPI document accepted (Microsoft Graph beta, the largest public one, is 47 MB). */
export const MAX_DOCUMENT_BYTES = 60 * 1024 * 1024;
