/**
 * One plain sentence for the UI about a failed update check or download. The full error (which
 * can hold long HTTP bodies and URLs) goes to the log only.
 */
export function describeUpdateError(error: unknown): string {
  const text = error instanceof Error ? `${error.name} ${error.message}` : String(error);

  if (
    /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|net::ERR_|socket hang up|timed? ?out/i.test(text)
  ) {
    return 'Could not reach the update server. The app keeps working and will try again later.';
  }
  if (/\b404\b|Cannot find latest|No published versions|latest(-mac|-linux)?\.yml/i.test(text)) {
    return 'No published update was found. The app keeps working and will try again later.';
  }
  if (/signature|code sign|not signed|publisherName/i.test(text)) {
    return 'A downloaded update failed its signature check and was not installed.';
  }
  return 'Checking for updates failed. The app keeps working and will try again later.';
}
