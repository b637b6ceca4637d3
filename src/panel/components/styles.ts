import { css } from '@emotion/css';
import { type GrafanaTheme2, colorManipulator } from '@grafana/data';

import { CURRENT_HIGHLIGHT_NAME, HIGHLIGHT_NAME } from './searchHighlights';

export const EXPANDER_WIDTH = 32;
export const HEADER_HEIGHT = 32;

export const getStyles = (theme: GrafanaTheme2) => {
  const motion = theme.transitions.handleMotion('no-preference');
  return {
    root: css({
      display: 'flex',
      flexDirection: 'column',
      height: '100%',
      width: '100%',
      gap: theme.spacing(0.5),
      fontSize: theme.typography.bodySmall.fontSize,
      color: theme.colors.text.primary,
    }),
    toolbar: css({
      display: 'flex',
      alignItems: 'center',
      gap: theme.spacing(1),
      flexWrap: 'wrap',
    }),
    search: css({ flex: '1 1 240px', minWidth: 160, maxWidth: 520 }),
    count: css({ color: theme.colors.text.secondary, whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }),
    find: css({ display: 'flex', alignItems: 'center', gap: theme.spacing(0.5) }),
    spacer: css({ flex: 1 }),
    hideField: css({ margin: 0 }),
    filterBar: css({ display: 'flex', alignItems: 'center', gap: theme.spacing(0.5), flexWrap: 'wrap' }),
    pill: css({
      display: 'inline-flex',
      alignItems: 'center',
      gap: theme.spacing(0.5),
      padding: theme.spacing(0, 0.25, 0, 1),
      borderRadius: theme.shape.radius.pill,
      border: `1px solid ${theme.colors.border.medium}`,
      background: theme.colors.background.secondary,
      maxWidth: 360,
      height: theme.spacing(3),
    }),
    pillText: css({ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }),
    gridWrap: css({ position: 'relative', flex: 1, minHeight: 0, display: 'flex', flexDirection: 'column' }),
    // Over the grid's scrollbar, below its border; clicks go through to the scrollbar.
    matchTicks: css({ position: 'absolute', top: 1, right: 1, pointerEvents: 'none' }),
    grid: css({
      position: 'relative',
      flex: 1,
      minHeight: 0,
      overflow: 'auto',
      border: `1px solid ${theme.colors.border.weak}`,
      borderRadius: theme.shape.radius.default,
      outline: 'none',
      background: theme.colors.background.primary,
      // Search matches (searchHighlights.ts); ::highlight takes colours and decorations only.
      [`& ::highlight(${HIGHLIGHT_NAME})`]: {
        backgroundColor: theme.colors.warning.transparent,
        textDecoration: `underline 2px ${theme.colors.warning.border}`,
      },
      // The current match's text, as an editor marks the match its find stepped to.
      [`& ::highlight(${CURRENT_HIGHLIGHT_NAME})`]: {
        backgroundColor: theme.colors.warning.main,
        color: theme.colors.warning.contrastText,
      },
    }),
    header: css({
      position: 'sticky',
      top: 0,
      zIndex: 2,
      display: 'flex',
      height: HEADER_HEIGHT,
      background: theme.colors.background.secondary,
      borderBottom: `1px solid ${theme.colors.border.medium}`,
    }),
    headerCell: css({
      position: 'relative',
      flex: 'none',
      display: 'flex',
      alignItems: 'center',
      gap: theme.spacing(0.25),
      padding: theme.spacing(0, 0.5, 0, 1),
      fontWeight: theme.typography.fontWeightMedium,
      color: theme.colors.text.primary,
      userSelect: 'none',
      '&:focus-visible': { outline: `2px solid ${theme.colors.primary.main}`, outlineOffset: -2 },
      // The filter button stays quiet until the header is pointed at or focused (or its filter is active).
      '& [data-filter-button="idle"]': { opacity: 0 },
      '&:hover [data-filter-button], &:focus-within [data-filter-button], &:focus [data-filter-button]': { opacity: 1 },
    }),
    headerCellDropTarget: css({ boxShadow: `inset 2px 0 0 ${theme.colors.primary.main}` }),
    headerName: css({
      flex: 1,
      minWidth: 0,
      overflow: 'hidden',
      textOverflow: 'ellipsis',
      whiteSpace: 'nowrap',
      cursor: 'pointer',
      background: 'none',
      border: 'none',
      padding: 0,
      color: 'inherit',
      font: 'inherit',
      textAlign: 'left',
    }),
    sortIcon: css({
      color: theme.colors.text.secondary,
      display: 'inline-flex',
      alignItems: 'center',
      fontSize: theme.typography.bodySmall.fontSize,
    }),
    filterActive: css({ color: theme.colors.primary.text }),
    resizer: css({
      position: 'absolute',
      right: -3,
      top: 0,
      bottom: 0,
      width: 7,
      cursor: 'col-resize',
      zIndex: 1,
      '&:hover, &:focus-visible': { background: theme.colors.primary.border },
    }),
    row: css({
      position: 'absolute',
      left: 0,
      // Columns from an inline grid-template-columns on the row (see Grid).
      display: 'grid',
      borderBottom: `1px solid ${theme.colors.border.weak}`,
      // Each row lays out and paints on its own: a keystroke repaints the rows it changed, not the whole grid.
      contain: 'strict',
      '&:hover': { background: theme.colors.action.hover },
      // Only the hover fades: an opacity fade would replay on every row at each search keystroke.
      [motion]: { transition: 'background-color 120ms ease-out' },
    }),
    rowExpanded: css({ background: theme.colors.action.selected }),
    // The current search match: a bar and a frame in the primary colour, the same shape in both themes.
    // The tint is light enough for link text to keep 4.5:1 on it in the light theme (primary.transparent is not).
    rowCurrent: css({
      background: colorManipulator.alpha(theme.colors.primary.main, 0.1),
      boxShadow: `inset 4px 0 0 ${theme.colors.primary.main}, inset 0 0 0 1px ${theme.colors.primary.border}`,
      '&:hover': { background: colorManipulator.alpha(theme.colors.primary.main, 0.1) },
    }),
    // A veil over the row, not opacity or colour: either would restyle or re-layer every visible row per keystroke.
    rowGrayed: css({
      '&::after': {
        content: '""',
        position: 'absolute',
        inset: 0,
        background: colorManipulator.alpha(theme.colors.background.primary, 0.55),
        pointerEvents: 'none',
      },
    }),
    // Block cells with the text straight inside (no wrapper per cell): fewer elements to style and lay out.
    cell: css({
      overflow: 'hidden',
      whiteSpace: 'nowrap',
      textOverflow: 'ellipsis',
      padding: theme.spacing(0, 1),
      cursor: 'pointer',
      '&:focus-visible, &:focus': { outline: `2px solid ${theme.colors.primary.main}`, outlineOffset: -2 },
    }),
    numeric: css({ textAlign: 'right', fontVariantNumeric: 'tabular-nums' }),
    expander: css({
      display: 'flex',
      alignItems: 'center',
      justifyContent: 'center',
      padding: 0,
      color: theme.colors.text.secondary,
    }),
    dot: css({
      display: 'inline-block',
      verticalAlign: 'middle',
      marginRight: theme.spacing(0.75),
      width: 8,
      height: 8,
      borderRadius: theme.shape.radius.circle,
    }),
    link: css({
      color: theme.colors.text.link,
      '&:hover': { textDecoration: 'underline' },
    }),
    details: css({
      position: 'absolute',
      left: 0,
      background: theme.colors.background.secondary,
      borderBottom: `1px solid ${theme.colors.border.medium}`,
    }),
    detailsBody: css({
      position: 'sticky',
      left: 0,
      height: '100%',
      overflow: 'auto',
      padding: theme.spacing(1, 2, 1.5, 5),
      boxSizing: 'border-box',
    }),
    detailsTitle: css({ display: 'flex', alignItems: 'center', gap: theme.spacing(1), marginBottom: theme.spacing(1) }),
    description: css({
      whiteSpace: 'pre-wrap',
      overflowWrap: 'anywhere',
      maxWidth: '80ch',
      lineHeight: theme.typography.body.lineHeight,
      fontSize: theme.typography.body.fontSize,
      marginBottom: theme.spacing(1.5),
    }),
    fieldList: css({
      display: 'grid',
      gridTemplateColumns: 'max-content minmax(0, 1fr)',
      columnGap: theme.spacing(2),
      rowGap: theme.spacing(0.25),
      margin: 0,
      dt: { color: theme.colors.text.secondary },
      dd: { margin: 0, overflowWrap: 'anywhere' },
    }),
    empty: css({
      position: 'absolute',
      left: 0,
      right: 0,
      padding: theme.spacing(3),
      textAlign: 'center',
      color: theme.colors.text.secondary,
    }),
    message: css({
      display: 'flex',
      flexDirection: 'column',
      alignItems: 'center',
      justifyContent: 'center',
      height: '100%',
      gap: theme.spacing(1),
      color: theme.colors.text.secondary,
      textAlign: 'center',
      padding: theme.spacing(2),
    }),
    editor: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(1), width: 300 }),
    valueList: css({
      maxHeight: 240,
      overflow: 'auto',
      display: 'flex',
      flexDirection: 'column',
      gap: theme.spacing(0.25),
      border: `1px solid ${theme.colors.border.weak}`,
      borderRadius: theme.shape.radius.default,
      padding: theme.spacing(0.5),
    }),
    valueRow: css({ display: 'flex', alignItems: 'center', gap: theme.spacing(1), justifyContent: 'space-between' }),
    valueCount: css({ color: theme.colors.text.secondary, fontVariantNumeric: 'tabular-nums' }),
    // A primary button's hover and focus shade behind its white text: @grafana/ui's dark theme lightens it to 3.55:1
    // (primary.shade); darkened instead, it keeps 4.5:1 (WCAG 1.4.3) and still changes.
    primaryAction: css({
      '&:hover:not(:disabled), &:focus:not(:disabled)': {
        background: theme.isDark ? colorManipulator.darken(theme.colors.primary.main, 0.2) : theme.colors.primary.shade,
      },
    }),
    editorButtons: css({ display: 'flex', gap: theme.spacing(1), justifyContent: 'flex-end' }),
    error: css({ color: theme.colors.error.text }),
    columnsMenu: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(0.5) }),
    columnsList: css({
      display: 'flex',
      flexDirection: 'column',
      gap: theme.spacing(0.25),
      minWidth: 240,
      maxHeight: 360,
      overflow: 'auto',
    }),
    columnsRow: css({
      display: 'flex',
      alignItems: 'center',
      gap: theme.spacing(0.5),
      '& > :first-child': { flex: 1 },
    }),
    srOnly: css({
      position: 'absolute',
      width: 1,
      height: 1,
      overflow: 'hidden',
      clip: 'rect(0 0 0 0)',
      whiteSpace: 'nowrap',
    }),
  };
};

export type Styles = ReturnType<typeof getStyles>;
