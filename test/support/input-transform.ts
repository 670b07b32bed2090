// EventBridge's input transformation, as its documentation describes it, for tests that check
// what a target receives: https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-transform-target-input.html

/** The dot-and-index JSON paths EventBridge supports in InputPathsMap ("$.detail.containers[0].name"). */
export function jsonPath(event: unknown, path: string): unknown {
  return path
    .replace(/^\$\./, '')
    .split(/\.|\[(\d+)\]/)
    .filter((key) => key !== undefined && key !== '')
    .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], event);
}

/**
 * A placeholder inside quotes gets the value's text, one outside quotes the value as JSON. A path
 * the event does not have throws, so a test names the event that lacks it.
 */
export function transform(event: unknown, paths: Record<string, string>, template: string): string {
  return template.replace(/("?)<(\w+)>("?)/g, (_, open: string, name: string, close: string) => {
    const path = paths[name];
    if (path === undefined) throw new Error(`placeholder <${name}> has no input path`);
    const value = jsonPath(event, path);
    if (value === undefined) throw new Error(`${path} is not in the ${String(jsonPath(event, '$.detail-type'))} event`);
    return open && close ? `"${String(value)}"` : `${open}${JSON.stringify(value)}${close}`;
  });
}
