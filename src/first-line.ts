/** The first line of a text that holds more than whitespace, as it stands; '' when there is none. */
export function firstLine(text: string): string {
  return text.split('\n').find((line) => line.trim() !== '') ?? '';
}
