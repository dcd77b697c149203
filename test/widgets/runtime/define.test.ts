import { expect } from '@open-wc/testing';
import { defineElement } from '../../../widgets/runtime/define.js';

function versioned(version: string): CustomElementConstructor & { version: string } {
  return class extends HTMLElement {
    static version = version;
  };
}

describe('defineElement', () => {
  let warnings: unknown[][];
  const original = console.warn;
  beforeEach(() => {
    warnings = [];
    console.warn = (...args: unknown[]) => void warnings.push(args);
  });
  afterEach(() => {
    console.warn = original;
  });

  it('defines a free tag', () => {
    const ctor = versioned('1.0.0');
    defineElement('gov-define-free', ctor);
    expect(customElements.get('gov-define-free')).to.equal(ctor);
    expect(warnings).to.have.length(0);
  });

  it('stays silent when the same version is defined again (a second copy of the script)', () => {
    const first = versioned('1.2.0');
    defineElement('gov-define-same', first);
    defineElement('gov-define-same', versioned('1.2.0'));
    defineElement('gov-define-same', first);
    expect(customElements.get('gov-define-same')).to.equal(first);
    expect(warnings).to.have.length(0);
  });

  it('keeps the first version and warns naming both when another version arrives', () => {
    const first = versioned('1.2.0');
    defineElement('gov-define-other', first);
    expect(() => defineElement('gov-define-other', versioned('2.0.0'))).not.to.throw();
    expect(customElements.get('gov-define-other')).to.equal(first);
    expect(warnings).to.have.length(1);
    const text = String(warnings[0]?.[0]);
    expect(text).to.contain('gov-define-other').and.contain('1.2.0').and.contain('2.0.0');
  });

  it('never throws, even for an invalid name or a class already used for another tag', () => {
    const ctor = versioned('1.0.0');
    defineElement('gov-define-reused', ctor);
    expect(() => defineElement('gov-define-reused-again', ctor)).not.to.throw();
    expect(() => defineElement('NotAValidName', versioned('1.0.0'))).not.to.throw();
    expect(warnings).to.have.length(2);
  });
});
