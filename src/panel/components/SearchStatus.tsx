import React, { useEffect, useState } from 'react';

import { type Styles } from './styles';

/** How long the message must stay the same before it is read out: one announcement per pause in typing. */
const SETTLE_MS = 400;

interface Props {
  /** What to read out: the match count and the current match. */
  message: string;
  /** Bumped by each step to a match, so stepping to the same match again is read out again. */
  seq: number;
  styles: Styles;
}

/** A polite live region, out of sight, that tells a screen reader the search's result count and current match. */
export function SearchStatus({ message, seq, styles }: Props) {
  const [spoken, setSpoken] = useState({ text: '', seq: 0 });
  useEffect(() => {
    const timer = setTimeout(
      () =>
        setSpoken((prev) =>
          prev.text.replace(/\u00a0$/, '') === message && prev.seq !== seq
            ? // Same words, new step: a changed text node makes the screen reader speak again.
              { text: prev.text.endsWith('\u00a0') ? message : `${message}\u00a0`, seq }
            : { text: message, seq }
        ),
      SETTLE_MS
    );
    return () => clearTimeout(timer);
  }, [message, seq]);
  return (
    <div
      className={styles.srOnly}
      role="status"
      aria-live="polite"
      aria-atomic="true"
      data-testid="spacetime-search-status"
    >
      {spoken.text}
    </div>
  );
}
