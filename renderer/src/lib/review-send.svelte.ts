/** The Send box of the Review screen: where to and under which name (the site also decides the known types). */
class ReviewSend {
  site = $state('');
  jobName = $state('');
  sending = $state(false);
  error = $state<string | null>(null);
  /** What the test before sending is doing or found (a site never tested, or whose last test failed). */
  preSendNote = $state<string | null>(null);
}
export const reviewSend = new ReviewSend();
