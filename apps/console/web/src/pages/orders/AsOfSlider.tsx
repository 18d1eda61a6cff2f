import { formatInstant } from '../../ui/format';
import { AsOfStep, stepLabel } from './as-of';

/**
 * Moves through the order's history, one timeline entry per step (arrow keys step, Home and End
 * go to the first event and to now).
 */
export function AsOfSlider({ steps, index, onChange }: { steps: AsOfStep[]; index: number; onChange(index: number | undefined): void }) {
  const last = steps.length - 1;
  const atNow = index >= last;
  return (
    <div className="asof">
      <div className="field asof-range">
        <label htmlFor="as-of">As of</label>
        <input
          id="as-of"
          type="range"
          min={0}
          max={Math.max(0, last)}
          step={1}
          value={Math.min(index, last)}
          disabled={steps.length < 2}
          aria-valuetext={`${stepLabel(steps, index)}, ${formatInstant(steps[index]?.recordedAt)}`}
          onChange={(e) => {
            const next = Number(e.target.value);
            onChange(next >= last ? undefined : next);
          }}
        />
        <span className="muted">
          {stepLabel(steps, index)} · {formatInstant(steps[index]?.recordedAt)}
        </span>
      </div>
      <button type="button" className="secondary" disabled={atNow} onClick={() => onChange(undefined)}>
        Back to now
      </button>
    </div>
  );
}
