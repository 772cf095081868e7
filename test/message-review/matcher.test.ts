import { RE2Set } from 're2js';
import { config } from './config';
import { MessageMatcher } from '../../lambda/message-review/matcher';
import type { ReviewConfigFile } from '../../src/private/shared/review-contract';

function masker(overrides: Partial<ReviewConfigFile>): (content: string) => string {
  const matcher = MessageMatcher.compile(config({ action: 'MASK', ...overrides }));
  return (content) => matcher.review(content).content;
}

function denies(overrides: Partial<ReviewConfigFile>, content: string): boolean {
  return MessageMatcher.compile(config(overrides)).review(content).result === 'DENY';
}

describe('denied terms: folding', () => {
  const mask = masker({ deniedTerms: ['badword', 'straße', 'café'] });

  test.each([
    ['lower case', 'a badword here', 'a ******* here'],
    ['upper case', 'a BADWORD here', 'a ******* here'],
    ['mixed case', 'a BaDwOrD here', 'a ******* here'],
    ['full-width forms', 'a ｂａｄｗｏｒｄ here', 'a ******* here'],
    ['full-width capitals', 'a ＢＡＤＷＯＲＤ here', 'a ******* here'],
    ['mathematical bold letters (NFKC)', 'a 𝐛𝐚𝐝𝐰𝐨𝐫𝐝 here', 'a ******* here'],
    ['circled letters (NFKC)', 'a ⓑⓐⓓⓦⓞⓡⓓ here', 'a ******* here'],
    ['a zero-width space inside the word', 'a bad\u200Bword here', 'a ***\u200B**** here'],
    ['a soft hyphen inside the word', 'a bad\u00ADword here', 'a ***\u00AD**** here'],
    ['ß folds to ss', 'STRASSE and Strasse', '******* and *******'],
    ['precomposed accent', 'un café noir', 'un **** noir'],
    ['decomposed accent (e + U+0301) equals precomposed', 'un cafe\u0301 noir', 'un **** noir'],
  ])('%s', (_, input, expected) => {
    expect(mask(input)).toBe(expected);
  });

  test('accents are significant by default: "cafe" does not match "café", nor the reverse', () => {
    expect(denies({ deniedTerms: ['cafe'] }, 'un café noir')).toBe(false);
    expect(denies({ deniedTerms: ['café'] }, 'un cafe noir')).toBe(false);
    expect(denies({ deniedTerms: ['ano'] }, 'feliz año')).toBe(false);
  });

  test('ignoreAccents: diacritics are removed from term and message alike', () => {
    const m = masker({ deniedTerms: ['cafe', 'naïve'], ignoreAccents: true });
    expect(m('un CAFÉ, un cafe\u0301, un café; naive')).toBe('un ****, un ****, un ****; *****');
  });

  test('ignoreAccents keeps marks of other scripts (Devanagari vowel signs)', () => {
    // "कि" (ka + vowel sign i) must not become "क".
    expect(denies({ deniedTerms: ['क'], ignoreAccents: true }, 'कि')).toBe(false);
  });

  test('Greek final sigma and sigma compare equal', () => {
    expect(masker({ deniedTerms: ['ΟΔΟΣ'] })('η οδος εδω')).toBe('η **** εδω');
  });

  test('a term written in full-width or capitals matches plain text', () => {
    expect(masker({ deniedTerms: ['ＢＡＤ'] })('so bad.')).toBe('so ***.');
  });
});

describe('denied terms: invisible characters and combining marks cannot split or disguise a term', () => {
  const mask = masker({ deniedTerms: ['bad', 'shit', '바보', '밥'] });
  const deny = (content: string) => MessageMatcher.compile(config({ deniedTerms: ['bad', 'shit', '바보', '밥'] })).review(content);

  test.each([
    ['a combining accent sent as its own character', 'so ba\u0301d!', 'so ***!'],
    ['combining strike-through on every letter', 'so b\u0336a\u0336d\u0336!', 'so ***!'],
    ['a combining mark after the word', 'so bad\u0336!', 'so ***!'],
    ['Turkish dotted capital I (U+0130)', 'SH\u0130T', '****'],
    ['dotted capital I amid lower case', 'sh\u0130t happens', '**** happens'],
    ['Combining Diacritical Marks Extended (U+1AB0–U+1AFF)', 'b\u1AB0a\u1AC0d', '***'],
    ['Combining Diacritical Marks Supplement (U+1DC0–U+1DFF)', 'ba\u1DC4d', '***'],
    ['Combining Marks for Symbols (U+20D0–U+20FF): an enclosing circle', 'b\u20DDa\u20DDd\u20DD', '***'],
    ['Combining Half Marks (U+FE20–U+FE2F)', 'b\uFE20ad\uFE21', '***'],
    ['Cyrillic enclosing signs, a decoration of Latin text', 'b\u0489a\u0489d\u0489', '***'],
    ['marks stacked on one letter ("Zalgo")', 'b\u0300\u0301\u0302\u0303\u0304ad', '***'],
    ['a C0 control inside the word', 'b\u0001ad', '*\u0001**'],
    ['DEL inside the word', 'ba\u007Fd', '**\u007F*'],
    ['a C1 control (NEL) inside the word', 'ba\u0085d', '**\u0085*'],
    ['an interlinear annotation anchor (U+FFF9), a format character that is not default-ignorable', 'b\uFFF9ad', '*\uFFF9**'],
    ['an Arabic number sign (U+0600)', 'ba\u0600d', '**\u0600*'],
    ['an Egyptian hieroglyph format control (U+13430)', 'ba\u{13430}d', '**\u{13430}*'],
    ['a musical format control (U+1D173)', 'b\u{1D173}ad', '*\u{1D173}**'],
    ['conjoining Hangul jamo spelling a precomposed word', '\u1107\u1161\u1107\u1169 야', '** 야'],
    ['conjoining jamo with a final consonant', '\u1107\u1161\u11B8!', '*!'],
  ])('%s', (_, input, expected) => {
    expect(mask(input)).toBe(expected);
    expect(deny(input)).toMatchObject({ result: 'DENY', reasons: ['denied-term'] });
  });

  test('a letter sent precomposed stays distinct from the bare letter (Spanish año is not ano), by default', () => {
    const m = MessageMatcher.compile(config({ deniedTerms: ['ano', 'bad'] }));
    expect(m.review('feliz año').result).toBe('ALLOW');
    expect(m.review('bád').result).toBe('ALLOW');
    // The same letter sent as a base and a combining accent matches the bare term too:
    // keyboards send the precomposed letter; a separate accent is a way to disguise one.
    expect(m.review('feliz an\u0303o').result).toBe('DENY');
  });

  test('a term written with an accent matches that accent however it is sent', () => {
    const m = masker({ deniedTerms: ['año'] });
    expect(m('feliz año, an\u0303o!')).toBe('feliz ***, ***!');
    expect(m('feliz ano')).toBe('feliz ano');
  });

  test('ignoreAccents removes the generic combining blocks too, from term and message alike', () => {
    const m = masker({ deniedTerms: ['cafe'], ignoreAccents: true });
    expect(m('un cafe\u1DC4, un ca\u20DBfe, un café')).toBe('un ****, un ****, un ****');
  });

  test('masking covers exactly what the user sent: every mark and control of a matched letter goes with it, nothing around it', () => {
    const input = 'x \u202Ay b\u0336\u0301a\u20DDd\u0336 z\u0301';
    expect(masker({ deniedTerms: ['bad'] })(input)).toBe('x *y *** z\u0301');
  });

  test('tab, line breaks, form feed and vertical tab separate words: they are not removed', () => {
    const m = MessageMatcher.compile(config({ deniedTerms: ['badword'] }));
    for (const space of ['\t', '\n', '\r', '\v', '\f', '\r\n']) {
      expect(m.review(`bad${space}word`).result).toBe('ALLOW');
      expect(m.review(`bad${space}word`).reasons).toEqual([]);
    }
    expect(masker({ deniedTerms: ['bad'] })('so\rbad\fthing')).toBe('so\r***\fthing');
  });
});

describe('what folding does not catch (SECURITY.md says so)', () => {
  const m = MessageMatcher.compile(config({ deniedTerms: ['bad', '바보'] }));

  test('a look-alike letter of another script: Cyrillic "а" (U+0430) in "bаd" is not Latin "a"', () => {
    expect(m.review('b\u0430d').result).toBe('ALLOW');
  });

  test('compatibility jamo, shown as separate letters (ㅂㅏㅂㅗ), are not composed into a syllable', () => {
    expect(m.review('\u3142\u314F\u3142\u3157').result).toBe('ALLOW');
  });

  test('letters spaced apart are separate words: a pattern catches them, a term does not', () => {
    expect(m.review('b a d').result).toBe('ALLOW');
    expect(MessageMatcher.compile(config({ deniedPatterns: ['b\\W*a\\W*d'] })).review('b a d').result).toBe('DENY');
  });
});

describe('bidirectional controls', () => {
  const CONTROLS = ['\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069'];

  test('"\\u202Edab\\u202C" shows "bad" while the text says "dab": an override is a violation of its own', () => {
    const verdict = MessageMatcher.compile(config({ deniedTerms: ['bad'] })).review('\u202Edab\u202C');
    expect(verdict).toEqual({ reasons: ['bidi-control'], result: 'DENY', content: '\u202Edab\u202C' });
  });

  test.each(CONTROLS.map((c) => [`U+${c.codePointAt(0)!.toString(16).toUpperCase()}`, c]))('%s is a violation, whatever the rules', (_, control) => {
    const verdict = MessageMatcher.compile(config({ maxLinks: 5 })).review(`hello ${control}there`);
    expect(verdict).toEqual({ reasons: ['bidi-control'], result: 'DENY', content: `hello ${control}there` });
  });

  test('MASK replaces each control with the mask character, so what shows is what was checked', () => {
    const m = MessageMatcher.compile(config({ action: 'MASK', deniedTerms: ['bad'] }));
    expect(m.review('say \u202Edab\u202C now')).toEqual({ reasons: ['bidi-control'], result: 'ALLOW', content: 'say *dab* now' });
    expect(m.review('\u2067bad\u2069')).toEqual({ reasons: ['denied-term', 'bidi-control'], result: 'ALLOW', content: '*****' });
  });

  test('marks of direction that reorder nothing by themselves (U+200E, U+200F, U+061C) are not violations: they are ignored when matching', () => {
    const m = MessageMatcher.compile(config({ deniedTerms: ['bad'] }));
    expect(m.review('b\u200Ead').result).toBe('DENY');
    // In a right-to-left paragraph, such marks between letters can show them in another
    // order; the reviewer matches the order they were sent in (a limit SECURITY.md states).
    expect(m.review('\u200Fd\u200Fa\u200Fb')).toEqual({ reasons: [], result: 'ALLOW', content: '\u200Fd\u200Fa\u200Fb' });
  });
});

describe('denied terms: word boundaries', () => {
  const mask = masker({ deniedTerms: ['cunt', 'ass', 'bad word', '69'] });

  test.each([
    ['Scunthorpe', 'Scunthorpe'],
    ['class', 'class'],
    ['assistant', 'assistant'],
    ['passé', 'passé'],
    ['a term inside a longer number', '1969'],
    ['a phrase inside longer words', 'abad words'],
    ['a term next to a letter of another spaced script', 'assд'],
    ['a term followed by an accent sent on its own and more letters', 'ass\u0301es'],
  ])('no match inside a word: %s', (_, input) => {
    expect(mask(input)).toBe(input);
  });

  test.each([
    ['at the start', 'ass!', '***!'],
    ['at the end', 'you ass', 'you ***'],
    ['alone', 'ass', '***'],
    ['between punctuation', '(ass)', '(***)'],
    ['next to an underscore', '_ass_', '_***_'],
    ['next to an apostrophe', "ass's", "***'s"],
    ['a phrase', 'a bad word!', 'a ********!'],
    ['a number', 'call 69 now', 'call ** now'],
    ['next to an emoji', '😀ass😀', '😀***😀'],
    ['next to Chinese text (an unspaced script)', '你ass你', '你***你'],
  ])('a match %s', (_, input, expected) => {
    expect(mask(input)).toBe(expected);
  });

  test('terms of unspaced scripts match as substrings (Han, kana, Thai)', () => {
    const m = masker({ deniedTerms: ['笨蛋', 'バカ', 'ควาย'] });
    expect(m('你是笨蛋吗')).toBe('你是**吗');
    expect(m('おまえはバカだ')).toBe('おまえは**だ');
    expect(m('แกมันควายจริงๆ')).toBe('แกมัน****จริงๆ');
  });

  test('a phrase matches across any run of whitespace, including no-break and ideographic spaces', () => {
    const m = masker({ deniedTerms: ['bad  word'] });
    expect(m('a bad word')).toBe('a ********');
    expect(m('a bad \t\n word!')).toBe('a ***********!');
    expect(m('a bad\u00A0word, bad\u3000word')).toBe('a ********, ********');
    expect(m('a badword')).toBe('a badword');
  });

  test('every occurrence and overlapping terms are masked', () => {
    const m = masker({ deniedTerms: ['bad', 'bad word', 'word'] });
    expect(m('bad word, bad, word')).toBe('********, ***, ****');
  });

  test('non-Latin spaced scripts have boundaries too (Cyrillic)', () => {
    const m = masker({ deniedTerms: ['дурак'] });
    expect(m('ты ДУРАК!')).toBe('ты *****!');
    expect(m('дураки')).toBe('дураки');
  });
});

describe('denied terms: emoji', () => {
  const mask = masker({ deniedTerms: ['🍆', '❤️'] });

  test('an emoji term matches with or without a variation selector, and the whole grapheme is masked', () => {
    expect(mask('eat 🍆 now')).toBe('eat * now');
    expect(mask('eat 🍆\uFE0F now')).toBe('eat * now');
    expect(mask('I ❤ it')).toBe('I * it');
    expect(mask('I ❤️ it')).toBe('I * it');
  });

  test('an emoji with a skin tone is one grapheme: one mask character', () => {
    expect(masker({ deniedTerms: ['👍'] })('ok 👍🏽 ok')).toBe('ok * ok');
  });

  test('emoji around a match are untouched', () => {
    expect(masker({ deniedTerms: ['bad'] })('👨‍👩‍👧 bad 🇫🇷')).toBe('👨‍👩‍👧 *** 🇫🇷');
  });
});

describe('masking', () => {
  test('the text around a match is byte-identical', () => {
    const input = 'Ｈｉ ｔｈｅｒｅ, bád is fine, ba\u0301d is not; 😀  BAD\n\t👨‍👩‍👧 naïve  ｂａｄ end';
    const output = masker({ deniedTerms: ['bad'] })(input);
    expect(output).toBe('Ｈｉ ｔｈｅｒｅ, bád is fine, *** is not; 😀  ***\n\t👨‍👩‍👧 naïve  *** end');
  });

  test('one mask character per grapheme: a letter with combining marks is one', () => {
    expect(masker({ deniedTerms: ['cafe'], ignoreAccents: true })('cafe\u0301\u0301!')).toBe('****!');
  });

  test('the mask character can be any visible character', () => {
    expect(masker({ deniedTerms: ['bad'], maskCharacter: '█' })('so bad')).toBe('so ███');
    expect(masker({ deniedTerms: ['bad'], maskCharacter: '🙈' })('so bad')).toBe('so 🙈🙈🙈');
  });

  test('a masked message is never longer in code points than the original', () => {
    const m = masker({ deniedTerms: ['ﬁne'] });
    const input = 'ﬁne ﬁne';
    expect([...m(input)].length).toBeLessThanOrEqual([...input].length);
    // "ﬁ" is one grapheme that folds to two letters: one mask character.
    expect(m(input)).toBe('*** ***');
  });

  test('a clean message is returned as is', () => {
    const input = 'Ｎｏｔｈｉｎｇ ｈｅｒｅ 😀';
    const verdict = MessageMatcher.compile(config({ action: 'MASK', deniedTerms: ['bad'] })).review(input);
    expect(verdict).toEqual({ reasons: [], result: 'ALLOW', content: input });
  });
});

describe('denied patterns', () => {
  test('run against the folded text with flags giu', () => {
    const m = masker({ deniedPatterns: ['fr[e3]{2}\\s*v[i1]dz'] });
    expect(m('get FREE VIDZ and fr33v1dz now')).toBe('get ********* and ******** now');
    expect(m('get ＦＲＥＥ ＶＩＤＺ')).toBe('get *********');
  });

  test('DENY stops at the first match', () => {
    const verdict = MessageMatcher.compile(config({ deniedPatterns: ['\\d{3}-\\d{4}'] })).review('call 555-1234');
    expect(verdict).toEqual({ reasons: ['denied-pattern'], result: 'DENY', content: 'call 555-1234' });
  });
});

describe('denied patterns: bounded work', () => {
  // U+FDFA is one code point that NFKC turns into 18 characters.
  const expanding = '\uFDFA'.repeat(112);

  test('with patterns, a message that folds to more than 2,000 UTF-16 units is denied as too long, in either action', () => {
    expect([...expanding]).toHaveLength(112);
    for (const action of ['DENY', 'MASK'] as const) {
      expect(MessageMatcher.compile(config({ action, deniedPatterns: ['x+y'] })).review(expanding))
        .toEqual({ reasons: ['too-long'], result: 'DENY', content: expanding });
    }
    // 111 of them fold to 1,998 units: reviewed as usual.
    expect(MessageMatcher.compile(config({ deniedPatterns: ['x+y'] })).review(expanding.slice(1)).result).toBe('ALLOW');
  });

  test('without patterns the length does not matter: terms, links and repeats cost little per character', () => {
    expect(MessageMatcher.compile(config({ deniedTerms: ['bad'] })).review(expanding).result).toBe('ALLOW');
  });

  test('MASK: a match that would cost too much to locate (length × RE2 instructions) is denied rather than masked', () => {
    const costly = MessageMatcher.compile(config({ action: 'MASK', deniedPatterns: ['[a-z]{1,100}x', 'q'] }));
    // 202 instructions over 499 characters: 100,798, within the budget of 200,000.
    expect(costly.review(`${'a'.repeat(99)}x ${'b'.repeat(399)}`)).toMatchObject({ result: 'ALLOW', content: `${'*'.repeat(100)} ${'b'.repeat(399)}` });
    // The same pattern over 999 characters: 201,798, over it.
    const long = `${'a'.repeat(99)}x ${'b'.repeat(398)} ${'c'.repeat(500)}`;
    expect(costly.review(long)).toEqual({ reasons: ['denied-pattern'], result: 'DENY', content: long });
    // A cheap pattern over the same message is masked.
    expect(costly.review(`q ${'c'.repeat(998)}`)).toMatchObject({ result: 'ALLOW', content: `* ${'c'.repeat(998)}` });
  });
});

describe('links', () => {
  test.each([
    ['https://example.com/a?b=c', true],
    ['http://x.y', true],
    ['ftp://files.example', true],
    ['www.example', true],
    ['example.com', true],
    ['sub.example.co', true],
    ['EXAMPLE.COM', true],
    ['ｅｘａｍｐｌｅ．ｃｏｍ (full-width)', true],
    ['example。com (ideographic full stop)', true],
    ['mail me: a@example.org', true],
    ['e.g. this', false],
    ['file.txt', false],
    ['node.js', false],
    ['3.14', false],
    ['the end.', false],
    ['comments', false],
  ])('%s is a link: %p', (text, isLink) => {
    expect(denies({ maxLinks: 0 }, text)).toBe(isLink);
  });

  test('up to maxLinks links are allowed', () => {
    expect(denies({ maxLinks: 2 }, 'see a.com and b.com')).toBe(false);
    expect(denies({ maxLinks: 2 }, 'see a.com, b.com and https://c.io')).toBe(true);
  });

  test('MASK masks the links beyond the limit and keeps the first ones', () => {
    expect(masker({ maxLinks: 1 })('see a.com, b.net and https://c.io/x ok'))
      .toBe('see a.com, ***** and ************** ok');
  });
});

describe('repeated characters', () => {
  test('a run longer than the limit breaks the rule; one at the limit does not', () => {
    expect(denies({ maxRepeatedCharacters: 3 }, 'nooo')).toBe(false);
    expect(denies({ maxRepeatedCharacters: 3 }, 'noooo')).toBe(true);
  });

  test('MASK masks the characters beyond the limit', () => {
    expect(masker({ maxRepeatedCharacters: 3 })('noooooo way!!!!!')).toBe('nooo*** way!!!**');
  });

  test('runs are counted after folding: case and width do not break them', () => {
    expect(denies({ maxRepeatedCharacters: 3 }, 'aAａＡ')).toBe(true);
  });

  test('emoji runs count per code point', () => {
    expect(masker({ maxRepeatedCharacters: 2 })('😂😂😂😂 lol')).toBe('😂😂** lol');
  });

  test('whitespace runs are not counted', () => {
    expect(denies({ maxRepeatedCharacters: 2 }, 'a     b\n\n\n\nc')).toBe(false);
  });

  test('a letter piled with combining marks ("Zalgo") is a run of marks', () => {
    // NFKC composes the first mark with the "e": three marks remain, then four.
    expect(denies({ maxRepeatedCharacters: 3 }, `he${'\u0301'.repeat(4)}llo`)).toBe(false);
    expect(denies({ maxRepeatedCharacters: 3 }, `he${'\u0301'.repeat(5)}llo`)).toBe(true);
  });
});

describe('several rules', () => {
  test('reasons come in a fixed order, each once', () => {
    const matcher = MessageMatcher.compile(config({
      action: 'MASK', deniedTerms: ['bad'], deniedPatterns: ['x+y'], maxLinks: 0, maxRepeatedCharacters: 2,
    }));
    const verdict = matcher.review('bad bad xxy a.com zzz');
    expect(verdict.reasons).toEqual(['denied-term', 'denied-pattern', 'links', 'repeated-character']);
    expect(verdict.content).toBe('*** *** *** ***** zz*');
  });

  test('DENY: the first rule broken decides, checked from the cheapest (terms, repeats, links) to patterns, which then do not run', () => {
    const match = jest.spyOn(RE2Set.prototype, 'match');
    try {
      const matcher = MessageMatcher.compile(config({
        deniedTerms: ['bad'], deniedPatterns: ['x+y'], maxLinks: 0, maxRepeatedCharacters: 2,
      }));
      expect(matcher.review('bad bad xxy a.com zzz')).toEqual({ reasons: ['denied-term'], result: 'DENY', content: 'bad bad xxy a.com zzz' });
      expect(matcher.review('good xxy a.com zzz').reasons).toEqual(['repeated-character']);
      expect(matcher.review('good xxy a.com').reasons).toEqual(['links']);
      expect(match).not.toHaveBeenCalled();
      expect(matcher.review('good xxy').reasons).toEqual(['denied-pattern']);
      expect(match).toHaveBeenCalledTimes(1);
    } finally {
      match.mockRestore();
    }
  });

  test('compile folds each term: terms equal after folding are one term, matched in every form', () => {
    const matcher = MessageMatcher.compile(config({ action: 'MASK', deniedTerms: ['bad', 'BAD', 'ｂａｄ', 'worse'] }));
    const verdict = matcher.review('Bad ｂａｄ WORSE good');
    expect(verdict.reasons).toEqual(['denied-term']);
    expect(verdict.content).toBe('*** *** ***** good');
  });

  test('an empty message is clean', () => {
    expect(MessageMatcher.compile(config({ deniedTerms: ['bad'], maxLinks: 0 })).review('').result).toBe('ALLOW');
  });
});
