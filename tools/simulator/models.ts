// The simulator's model catalogue: what `GET /v1/models` serves, and the limits its request validation and its
// "model" respect. Figures follow the public model pages (../shared/notes/batches-api.md); capabilities are
// given in the Models API's shape so the extension reads them exactly as it reads the real API's.

export type Effort = 'low' | 'medium' | 'high' | 'xhigh' | 'max';
export const EFFORTS: readonly Effort[] = ['low', 'medium', 'high', 'xhigh', 'max'];

/** How a model thinks: always (cannot be disabled), adaptively (on by default), or only when asked (extended). */
export type Thinking = 'always' | 'adaptive' | 'extended';

export interface SimModel {
  id: string;
  displayName: string;
  createdAt: string;
  maxTokens: number;
  maxInputTokens: number;
  lifecycle: 'active' | 'deprecated' | 'retired';
  thinking: Thinking;
  /** Effort levels the model accepts; empty when it takes no `output_config.effort` at all. */
  efforts: readonly Effort[];
  defaultEffort?: Effort;
  /** Answers 403 to every key: a model the key's organisation has no access to (an invitation-only one). */
  restricted?: boolean;
  /** The shortest prefix the model caches; a shorter marked prefix is silently not cached. */
  cacheMinTokens: number;
  /** Dated snapshot ids that name this model too. */
  snapshots?: readonly string[];
}

const ALL: readonly Effort[] = EFFORTS;
const NO_XHIGH: readonly Effort[] = ['low', 'medium', 'high', 'max'];

const current = (id: string, displayName: string, createdAt: string, more: Partial<SimModel> = {}): SimModel => ({
  id,
  displayName,
  createdAt,
  maxTokens: 128_000,
  maxInputTokens: 1_000_000,
  lifecycle: 'active',
  thinking: 'adaptive',
  efforts: NO_XHIGH,
  defaultEffort: 'high',
  cacheMinTokens: 1024,
  ...more,
});

export const MODELS: readonly SimModel[] = [
  current('claude-fable-5-2', 'Claude Fable 5.2', '2026-11-09T00:00:00Z', {
    thinking: 'always',
    efforts: ALL,
    cacheMinTokens: 512,
  }),
  current('claude-mythos-5-2', 'Claude Mythos 5.2', '2026-11-09T00:00:00Z', {
    thinking: 'always',
    efforts: ALL,
    restricted: true,
  }),
  current('claude-opus-5-5', 'Claude Opus 5.5', '2026-09-22T00:00:00Z', {
    thinking: 'always',
    efforts: ALL,
    defaultEffort: 'medium',
    cacheMinTokens: 512,
  }),
  current('claude-sonnet-5-5', 'Claude Sonnet 5.5', '2026-09-22T00:00:00Z', { cacheMinTokens: 512 }),
  current('claude-haiku-5-5', 'Claude Haiku 5.5', '2026-09-22T00:00:00Z', {
    defaultEffort: 'medium',
    cacheMinTokens: 2048,
  }),
  current('claude-fable-5-1', 'Claude Fable 5.1', '2026-08-20T00:00:00Z', {
    thinking: 'always',
    efforts: ALL,
    cacheMinTokens: 512,
  }),
  current('claude-opus-5', 'Claude Opus 5', '2026-07-24T00:00:00Z'),
  current('claude-sonnet-5', 'Claude Sonnet 5', '2026-07-24T00:00:00Z'),
  current('claude-fable-5', 'Claude Fable 5', '2026-06-09T00:00:00Z', { thinking: 'always', cacheMinTokens: 512 }),
  current('claude-opus-4-8', 'Claude Opus 4.8', '2026-05-28T00:00:00Z'),
  current('claude-opus-4-7', 'Claude Opus 4.7', '2026-04-16T00:00:00Z'),
  current('claude-opus-4-6', 'Claude Opus 4.6', '2026-02-05T00:00:00Z', { cacheMinTokens: 4096 }),
  current('claude-sonnet-4-6', 'Claude Sonnet 4.6', '2026-02-17T00:00:00Z'),
  current('claude-opus-4-5', 'Claude Opus 4.5', '2025-11-24T00:00:00Z', {
    maxTokens: 64_000,
    maxInputTokens: 200_000,
    thinking: 'extended',
    lifecycle: 'deprecated',
    cacheMinTokens: 4096,
    snapshots: ['claude-opus-4-5-20251101'],
  }),
  current('claude-sonnet-4-5', 'Claude Sonnet 4.5', '2025-09-29T00:00:00Z', {
    maxTokens: 64_000,
    maxInputTokens: 200_000,
    thinking: 'extended',
    efforts: [],
    lifecycle: 'deprecated',
    snapshots: ['claude-sonnet-4-5-20250929'],
  }),
  current('claude-haiku-4-5', 'Claude Haiku 4.5', '2025-10-01T00:00:00Z', {
    maxTokens: 64_000,
    maxInputTokens: 200_000,
    thinking: 'extended',
    efforts: [],
    cacheMinTokens: 4096,
    snapshots: ['claude-haiku-4-5-20251001'],
  }),
];

/** The model an id names (an alias or one of its dated snapshots), if the API knows it. */
export function findModel(id: unknown): SimModel | undefined {
  if (typeof id !== 'string') return undefined;
  return MODELS.find((m) => m.id === id || m.snapshots?.includes(id));
}

const supported = (yes: boolean): { supported: boolean } => ({ supported: yes });

/** A model as `GET /v1/models/{id}` describes it. */
export function describeModel(model: SimModel): Record<string, unknown> {
  const effort = Object.fromEntries(EFFORTS.map((level) => [level, supported(model.efforts.includes(level))]));
  return {
    type: 'model',
    id: model.id,
    display_name: model.displayName,
    created_at: model.createdAt,
    deprecated_at: model.lifecycle === 'active' ? null : '2026-10-01T00:00:00Z',
    retires_at: model.lifecycle === 'active' ? null : '2026-11-24T00:00:00Z',
    lifecycle: model.lifecycle,
    line: /claude-(\w+)-/.exec(model.id)?.[1] ?? null,
    max_tokens: model.maxTokens,
    max_input_tokens: model.maxInputTokens,
    capabilities: {
      batch: supported(true),
      structured_outputs: supported(true),
      citations: supported(true),
      code_execution: supported(true),
      image_input: supported(true),
      pdf_input: supported(true),
      effort: { supported: model.efforts.length > 0, ...effort },
      thinking: {
        supported: true,
        types: {
          adaptive: supported(model.thinking !== 'extended'),
          enabled: supported(model.thinking === 'extended'),
          disabled: supported(model.thinking !== 'always'),
          between_tools: supported(model.thinking !== 'extended'),
        },
      },
    },
  };
}
