/** A table cell holding a field value: its text, cut when long (the whole value in the tooltip), line breaks kept. */
import { shorten, valueText } from '../format.ts';

/** `value` as a `<td>`; `className` marks before/after colours. */
export function ValueCell({ value, className }: { value: unknown; className?: string }) {
  const text = valueText(value);
  return (
    <td className={className ? `value ${className}` : 'value'} title={text.length > 240 ? text : undefined}>
      {shorten(text)}
    </td>
  );
}
