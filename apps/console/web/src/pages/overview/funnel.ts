import type { Funnel } from './overview-types';

export const FUNNEL_STAGES = ['placed', 'confirmed', 'allocated', 'shipped', 'delivered'] as const;
export type FunnelStage = (typeof FUNNEL_STAGES)[number];

export interface FunnelStep {
  stage: FunnelStage;
  label: string;
  orders: number;
  /** Share of the placed orders that got this far, 0..100 (whole percent); null when none were placed. */
  percentOfPlaced: number | null;
}

/** The funnel's stages in order, each with how many of the placed orders reached it (or further). */
export function funnelSteps(funnel: Funnel): FunnelStep[] {
  return FUNNEL_STAGES.map((stage) => ({
    stage,
    label: stage[0].toUpperCase() + stage.slice(1),
    orders: funnel[stage],
    percentOfPlaced: funnel.placed > 0 ? Math.round((funnel[stage] / funnel.placed) * 100) : null,
  }));
}
