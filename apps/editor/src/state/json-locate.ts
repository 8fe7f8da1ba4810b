/**
 * Where JSON text first goes wrong, and why, in plain words. Browsers' JSON.parse messages
 * differ (some give a position, some quote the whole text), so the inspector finds the
 * place itself. Only called on text JSON.parse already refused.
 */
export interface JsonFault {
  offset: number;
  reason: string;
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const LITERAL = /true|false|null/y;

export function locateJsonFault(text: string): JsonFault | null {
  let i = 0;
  const fault = (reason: string): never => {
    throw { offset: i, reason } satisfies JsonFault;
  };
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i])) i++;
  };
  const seen = () => (i >= text.length ? 'the text ends' : `unexpected ${JSON.stringify(text[i])}`);
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') return object();
    if (c === '[') return array();
    if (c === '"') return string();
    for (const re of [NUMBER, LITERAL]) {
      re.lastIndex = i;
      const m = re.exec(text);
      if (m) {
        i += m[0].length;
        return;
      }
    }
    fault(`${seen()} where a value should be`);
  };
  const string = () => {
    i++;
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\n') fault('a line break inside quotes');
      i += text[i] === '\\' ? 2 : 1;
    }
    if (i >= text.length) fault('a quote is not closed');
    i++;
  };
  const array = () => {
    i++;
    ws();
    if (text[i] === ']') return void i++;
    for (;;) {
      value();
      ws();
      if (text[i] === ']') return void i++;
      if (text[i] !== ',') fault(`${seen()}: a comma or ] should come here`);
      i++;
    }
  };
  const object = () => {
    i++;
    ws();
    if (text[i] === '}') return void i++;
    for (;;) {
      ws();
      if (text[i] !== '"') fault(`${seen()}: a name in double quotes should come here`);
      string();
      ws();
      if (text[i] !== ':') fault(`${seen()}: a colon should come here`);
      i++;
      value();
      ws();
      if (text[i] === '}') return void i++;
      if (text[i] !== ',') fault(`${seen()}: a comma or } should come here`);
      i++;
    }
  };
  try {
    value();
    ws();
    if (i < text.length) fault(`${seen()} after the end of the value`);
    return null;
  } catch (err) {
    if (err && typeof err === 'object' && 'offset' in err) return err as JsonFault;
    throw err;
  }
}
