export function run(argv: string[]): void {
  void argv;
}
