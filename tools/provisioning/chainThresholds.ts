/** The example alert rule's threshold: the planted slow step takes chains past it, normal chains stay far below. */
export const CHAIN_P95_THRESHOLD_MS = 2000;
