import type { StepId } from './steps.js';

/** Which screen is showing. One small rune-backed object shared by the shell and the screens. */
export const navigation = $state<{ step: StepId }>({ step: 'connect' });

export function goTo(step: StepId): void {
  navigation.step = step;
}
