// A plain object (not null, not an array): what a YAML mapping parses to.
export const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
