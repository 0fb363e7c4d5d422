/** A learning-rate schedule over arrivals at the server. */
export type LrScheduleConfig =
  | { readonly type: 'constant' }
  | { readonly type: 'step'; readonly milestones: readonly number[]; readonly factor: number }
  | { readonly type: 'inverse-sqrt'; readonly scale: number };

/**
 * γ_k for arrival k: constant; step decay (γ·factor^(milestones passed), as the authors' ×0.1 at epochs
 * 100 and 150); or γ/√(1 + k/scale).
 */
export function lrSchedule(lr: number, schedule: LrScheduleConfig): (arrival: number) => number {
  switch (schedule.type) {
    case 'constant':
      return () => lr;
    case 'step': {
      const milestones = [...schedule.milestones].sort((a, b) => a - b);
      return (k) => {
        let out = lr;
        for (const m of milestones) if (k >= m) out *= schedule.factor;
        return out;
      };
    }
    case 'inverse-sqrt':
      return (k) => lr / Math.sqrt(1 + k / schedule.scale);
  }
}
