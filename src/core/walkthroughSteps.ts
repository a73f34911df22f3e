/**
 * The getting-started walkthrough's steps (package.json contributes.walkthroughs: step ids `sagemaker.<step>`), and
 * the context key that marks each done (`onContext:sagemaker.walkthrough.<step>` in its completionEvents). Kept
 * here so that a unit test can hold package.json to them.
 */
export const WALKTHROUGH_STEPS = ['connect', 'create', 'preview', 'launch', 'logs', 'deploy', 'invoke'] as const;
export type WalkthroughStep = (typeof WALKTHROUGH_STEPS)[number];

export const walkthroughContextKey = (step: WalkthroughStep): string => `sagemaker.walkthrough.${step}`;

/**
 * The step as VS Code's walkthroughs service names it (`<publisher>.<name>#<walkthrough id>#<step id>`), for its
 * `welcome.markStepComplete` command.
 */
export const walkthroughStepId = (walkthroughId: string, step: WalkthroughStep): string => `${walkthroughId}#sagemaker.${step}`;
