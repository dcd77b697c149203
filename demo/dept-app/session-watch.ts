/**
 * Notices, while the page is open, that the platform session ended elsewhere (a GovDock logout, 退出
 * on another site, a logout at the platform): issue 3 point 9 wants every open application signed out
 * within 1 s. Without iframes (§5: no check_session_iframe, no front-channel logout), and this app has
 * no server to receive a back-channel logout, so it asks: the platform's end_session revokes the grant
 * of every client in that session (none of them holds `offline_access`), so the next userinfo call with
 * this app's access token is refused (401).
 *
 * Only while the page is visible, one request at a time, `intervalMs` apart; a tab coming back into
 * view (or out of the back/forward cache) asks at once, so a hidden tab is right the moment it is seen.
 */
export interface SessionWatchOptions {
  /** Pause between the end of one question and the next (ms). */
  intervalMs: number;
  /** true: still signed in; false: ended; undefined: could not tell (network) — ask again later. */
  check: () => Promise<boolean | undefined>;
  /** Called once, when `check` says false; the watch has stopped by then. */
  onEnded: () => void;
}

/** Starts watching; returns stop(). */
export function watchSession(options: SessionWatchOptions): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  let asking = false;

  const visible = (): boolean => document.visibilityState === 'visible';

  const schedule = (): void => {
    clearTimeout(timer);
    if (!stopped && visible()) timer = setTimeout(() => void ask(), options.intervalMs);
  };

  async function ask(): Promise<void> {
    if (stopped || asking) return;
    asking = true;
    clearTimeout(timer);
    let accepted: boolean | undefined;
    try {
      accepted = await options.check();
    } finally {
      asking = false;
    }
    if (stopped) return;
    if (accepted === false) {
      stop();
      options.onEnded();
      return;
    }
    schedule();
  }

  const onShown = (): void => {
    if (visible()) void ask();
    else clearTimeout(timer);
  };

  function stop(): void {
    stopped = true;
    clearTimeout(timer);
    document.removeEventListener('visibilitychange', onShown);
    window.removeEventListener('pageshow', onShown);
  }

  document.addEventListener('visibilitychange', onShown);
  window.addEventListener('pageshow', onShown);
  schedule();
  return stop;
}
