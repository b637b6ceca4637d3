import React from 'react';
import { IconButton } from '@grafana/ui';

import { type Styles } from './styles';

interface Props {
  /** "2 of 4 matches", "No matches", or the row count without a search. */
  countText: string;
  /** The longer count, for the pointer ("4 of 359 rows match"). */
  title?: string;
  searching: boolean;
  /** There is a match to step to. */
  canStep: boolean;
  styles: Styles;
  onNext: () => void;
  onPrevious: () => void;
}

/** The search box's end: the count and, while searching, the previous and next match buttons. */
export const FindControls = React.memo(function FindControls(p: Props) {
  return (
    <span className={p.styles.find}>
      <span className={p.styles.count} data-testid="spacetime-count" title={p.title}>
        {p.countText}
      </span>
      {p.searching && (
        <>
          <IconButton
            name="arrow-up"
            size="sm"
            tooltip="Previous match (Shift+Enter)"
            disabled={!p.canStep}
            onClick={p.onPrevious}
          />
          <IconButton
            name="arrow-down"
            size="sm"
            tooltip="Next match (Enter)"
            disabled={!p.canStep}
            onClick={p.onNext}
          />
        </>
      )}
    </span>
  );
});
