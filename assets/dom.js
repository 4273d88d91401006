// The only way this dashboard builds DOM: elements from tag names, text from text nodes. Nothing
// that came from the service (friendly names, reasons, categories) is ever parsed as markup.

const SVG_NS = 'http://www.w3.org/2000/svg';

function append(parent, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return parent;
}

function setAttributes(element, attrs) {
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    // Handlers are attached with addEventListener; an on* attribute would be inline script.
    if (/^on/i.test(name)) throw new Error(`refusing to set the ${name} attribute`);
    element.setAttribute(name, value === true ? '' : String(value));
  }
}

/** h('td', {class: 'x'}, 'text', child) → an element whose string children are text nodes. */
export function h(tag, attrs = {}, ...children) {
  const element = document.createElement(tag);
  setAttributes(element, attrs);
  return append(element, children);
}

/** The SVG twin of h(). */
export function svg(tag, attrs = {}, ...children) {
  const element = document.createElementNS(SVG_NS, tag);
  setAttributes(element, attrs);
  return append(element, children);
}

/** Replaces an element's children. */
export function replaceChildren(parent, ...children) {
  parent.replaceChildren();
  return append(parent, children);
}

export function byId(id) {
  const element = document.getElementById(id);
  if (!element) throw new Error(`#${id} is missing from index.html`);
  return element;
}

/** Shows a message in a notice element (or hides it when text is empty). */
export function notice(element, text, tone = '') {
  element.textContent = text || '';
  element.hidden = !text;
  element.classList.remove('error', 'ok', 'info');
  if (tone) element.classList.add(tone);
}
