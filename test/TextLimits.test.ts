import { expect } from "chai";
import { AbiCoder, id, toUtf8Bytes } from "ethers";
import { network } from "hardhat";

import { normalizeReference, TEXT_LIMITS, textProblem } from "../src/vocabulary.js";
import { deploySuite } from "./helpers/fixture.js";

const connection = await network.create();
const { networkHelpers } = connection;

const DOCUMENT = id("registration deed");

/** Particulars of a company with `name`. */
function particulars(name: string) {
  return { name, legalForm: "0x32484252", jurisdiction: "0x44452d425900", registeredAddressHash: id("office") };
}

/** The one-byte hex string of `text`'s byte at `position`, as an error argument `bytes1`. */
function byteAt(text: string, position: number): string {
  return `0x${toUtf8Bytes(text)[position]!.toString(16).padStart(2, "0")}`;
}

async function textFixture() {
  const suite = await deploySuite(connection);
  const { property, companies, diplomas, accounts } = suite;
  await property.connect(accounts.landRegistrar).registerTitle("UT-1", accounts.alice, DOCUMENT, "");
  await companies
    .connect(accounts.companyRegistrar)
    .registerCompany("HRB 1001", particulars("Utopia Widgets GmbH"), accounts.alice, DOCUMENT);
  await diplomas.connect(accounts.accreditor).registerInstitution("Université de Lyonnesse", "0x4652", DOCUMENT);
  return {
    ...suite,
    asLand: property.connect(accounts.landRegistrar),
    asBusiness: companies.connect(accounts.companyRegistrar),
    asAccreditor: diplomas.connect(accounts.accreditor),
  };
}

/** References that break a rule, with the position of the first byte that does. */
const BAD_REFERENCES: [string, number][] = [
  ["ut-1", 0], // lower case: `ut-1` cannot stand beside `UT-1`
  ["UT-1\n", 4], // a newline
  ["UT\t1", 2], // a tab
  [" UT-2", 0], // a space at the start
  ["UT-2 ", 4], // a space at the end
  ["HRB  7", 4], // two spaces in a row
  ["UT-É", 3], // not ASCII
  ["UT-\u007f", 3], // DEL
];

/**
 * "University A" with each trick that made it look the same as the registered one, the byte where the trick starts
 * and its code point.
 */
const LOOKALIKES: [string, number, number][] = [
  ["University A\u00a0", 12, 0x00a0], // a trailing no-break space
  ["\u2007University A", 0, 0x2007], // a leading figure space
  ["University A\u202f", 12, 0x202f], // a trailing narrow no-break space
  ["University A\u200b", 12, 0x200b], // a zero-width space
  ["Univer\u200csity A", 6, 0x200c], // a zero-width non-joiner
  ["University\u200d A", 10, 0x200d], // a zero-width joiner
  ["\u200eUniversity A", 0, 0x200e], // a left-to-right mark
  ["University A\u200f", 12, 0x200f], // a right-to-left mark
  ["\u202eA ytisrevinU", 0, 0x202e], // a right-to-left override
  ["University \u202aA", 11, 0x202a], // a left-to-right embedding
  ["University \u202bA\u202c", 11, 0x202b], // a right-to-left embedding
  ["University \u202dA", 11, 0x202d], // a left-to-right override
  ["Univ\u2060ersity A", 4, 0x2060], // a word joiner
  ["University A\u2064", 12, 0x2064], // an invisible plus
  ["University \u2066A\u2069", 11, 0x2066], // a left-to-right isolate
  ["University \u2067A", 11, 0x2067], // a right-to-left isolate
  ["University \u2068A", 11, 0x2068], // a first-strong isolate
  ["\ufeffUniversity A", 0, 0xfeff], // a byte-order mark
  ["Uni\u00adversity A", 3, 0x00ad], // a soft hyphen
];

describe("text fields: limits, characters and the canonical form of references", function () {
  it("a cadastral reference is at most 64 bytes of upper-case printable ASCII with single inner spaces", async function () {
    const { asLand, property, accounts } = await networkHelpers.loadFixture(textFixture);
    const longest = `UT-${"9".repeat(TEXT_LIMITS.reference - 3)}`;
    await expect(asLand.registerTitle(longest, accounts.bob, DOCUMENT, "")).to.emit(property, "TitleRegistered");
    await expect(asLand.registerTitle(`${longest}9`, accounts.bob, DOCUMENT, ""))
      .to.be.revertedWithCustomError(property, "TextTooLong")
      .withArgs("cadastralReference", 65n, 64n);
    // The 5,000-character reference of the review is refused on length.
    await expect(asLand.registerTitle("U".repeat(5000), accounts.bob, DOCUMENT, ""))
      .to.be.revertedWithCustomError(property, "TextTooLong")
      .withArgs("cadastralReference", 5000n, 64n);
    for (const [reference, position] of BAD_REFERENCES) {
      await expect(asLand.registerTitle(reference, accounts.bob, DOCUMENT, ""), JSON.stringify(reference))
        .to.be.revertedWithCustomError(property, "TextInvalidCharacter")
        .withArgs("cadastralReference", BigInt(position), byteAt(reference, position));
    }
    await expect(asLand.registerTitle("UT-3 NORTH/2024.B", accounts.bob, DOCUMENT, "")).to.emit(
      property,
      "TitleRegistered",
    );
  });

  it("`ut-1` cannot be registered beside `UT-1`: its canonical form is the parcel already registered", async function () {
    const { asLand, property, accounts } = await networkHelpers.loadFixture(textFixture);
    await expect(asLand.registerTitle("ut-1", accounts.bob, DOCUMENT, ""))
      .to.be.revertedWithCustomError(property, "TextInvalidCharacter")
      .withArgs("cadastralReference", 0n, "0x75");
    const canonical = normalizeReference("  ut-1 ");
    expect(canonical).to.equal("UT-1");
    await expect(asLand.registerTitle(canonical, accounts.bob, DOCUMENT, ""))
      .to.be.revertedWithCustomError(property, "PropertyRegistryDuplicateCadastralReference")
      .withArgs("UT-1", await property.parcelIdOf("UT-1"));
  });

  it("a metadata or base URI is at most 512 bytes of printable ASCII without spaces", async function () {
    const { asLand, property, accounts } = await networkHelpers.loadFixture(textFixture);
    const parcelId = await property.parcelIdOf("UT-1");
    const longest = `ipfs://${"b".repeat(TEXT_LIMITS.uri - 7)}`;
    await expect(asLand.registerTitle("UT-4", accounts.bob, DOCUMENT, longest)).to.emit(property, "TitleRegistered");
    await expect(asLand.registerTitle("UT-5", accounts.bob, DOCUMENT, `${longest}b`))
      .to.be.revertedWithCustomError(property, "TextTooLong")
      .withArgs("metadataURI", 513n, 512n);
    await expect(asLand.updateTitleDocument(parcelId, id("survey"), "https://land.example/a b"))
      .to.be.revertedWithCustomError(property, "TextInvalidCharacter")
      .withArgs("metadataURI", 22n, "0x20");
    await expect(asLand.updateTitleDocument(parcelId, id("survey"), "x".repeat(5000)))
      .to.be.revertedWithCustomError(property, "TextTooLong")
      .withArgs("metadataURI", 5000n, 512n);
    const asAdmin = property.connect(accounts.admin);
    await expect(asAdmin.setBaseURI("https://land.example/titles/\n"))
      .to.be.revertedWithCustomError(property, "TextInvalidCharacter")
      .withArgs("baseURI", 28n, "0x0a");
    await expect(asAdmin.setBaseURI(`https://${"l".repeat(TEXT_LIMITS.uri)}`))
      .to.be.revertedWithCustomError(property, "TextTooLong")
      .withArgs("baseURI", 520n, 512n);
    await expect(asAdmin.setBaseURI("https://land.example/titles/")).to.emit(property, "BaseURIUpdated");
  });

  it("a company number follows the rules of a reference, and a company name is at most 256 bytes of clean text", async function () {
    const { asBusiness, companies, accounts } = await networkHelpers.loadFixture(textFixture);
    const register = (number: string, name = "Utopia Land Ltd") =>
      asBusiness.registerCompany(number, particulars(name), accounts.bob, DOCUMENT);
    await expect(register("hrb 1001"))
      .to.be.revertedWithCustomError(companies, "TextInvalidCharacter")
      .withArgs("companyNumber", 0n, "0x68");
    await expect(register(`HRB ${"1".repeat(61)}`))
      .to.be.revertedWithCustomError(companies, "TextTooLong")
      .withArgs("companyNumber", 65n, 64n);
    await expect(register("HRB 2002", "N".repeat(TEXT_LIMITS.name + 1)))
      .to.be.revertedWithCustomError(companies, "TextTooLong")
      .withArgs("name", 257n, 256n);
    await expect(register("HRB 2002", "Utopia\nLand"))
      .to.be.revertedWithCustomError(companies, "TextInvalidCharacter")
      .withArgs("name", 6n, "0x0a");
    await expect(register("HRB 2002", "Utopia Land "))
      .to.be.revertedWithCustomError(companies, "TextInvalidCharacter")
      .withArgs("name", 11n, "0x20");
    // Names are UTF-8: accented letters and other scripts are names like any other.
    await expect(register("HRB 2002", "Société Générale d'Utopie — Ελλάς")).to.emit(companies, "CompanyRegistered");
    const companyId = await companies.companyIdOf("HRB 1001");
    await expect(asBusiness.updateParticulars(companyId, particulars("Utopia  Widgets"), id("decision")))
      .to.be.revertedWithCustomError(companies, "TextInvalidCharacter")
      .withArgs("name", 7n, "0x20");
    await expect(asBusiness.updateParticulars(companyId, particulars("Utopia Widgets AG"), id("decision"))).to.emit(
      companies,
      "ParticularsUpdated",
    );
  });

  it("an institution's name is at most 256 bytes of clean text", async function () {
    const { asAccreditor, diplomas } = await networkHelpers.loadFixture(textFixture);
    await expect(asAccreditor.registerInstitution("U".repeat(257), "0x4652", DOCUMENT))
      .to.be.revertedWithCustomError(diplomas, "TextTooLong")
      .withArgs("name", 257n, 256n);
    await expect(asAccreditor.registerInstitution("University\u0000of Utopia", "0x4652", DOCUMENT))
      .to.be.revertedWithCustomError(diplomas, "TextInvalidCharacter")
      .withArgs("name", 10n, "0x00");
    await expect(asAccreditor.registerInstitution(" University of Utopia", "0x4652", DOCUMENT))
      .to.be.revertedWithCustomError(diplomas, "TextInvalidCharacter")
      .withArgs("name", 0n, "0x20");
    await expect(asAccreditor.registerInstitution("U".repeat(256), "0x4652", DOCUMENT)).to.emit(
      diplomas,
      "InstitutionRegistered",
    );
  });

  it('"University A" cannot be registered again looking the same, in any registry that keeps names', async function () {
    const { asBusiness, asAccreditor, companies, diplomas, accounts } = await networkHelpers.loadFixture(textFixture);
    await expect(asAccreditor.registerInstitution("University A", "0x4652", DOCUMENT)).to.emit(
      diplomas,
      "InstitutionRegistered",
    );
    for (const [i, [name, position, codePoint]] of LOOKALIKES.entries()) {
      await expect(asAccreditor.registerInstitution(name, "0x4652", DOCUMENT), JSON.stringify(name))
        .to.be.revertedWithCustomError(diplomas, "TextHiddenCharacter")
        .withArgs("name", BigInt(position), BigInt(codePoint));
      await expect(
        asBusiness.registerCompany(`HRB ${7000 + i}`, particulars(name), accounts.bob, DOCUMENT),
        JSON.stringify(name),
      )
        .to.be.revertedWithCustomError(companies, "TextHiddenCharacter")
        .withArgs("name", BigInt(position), BigInt(codePoint));
      expect(textProblem("name", name), JSON.stringify(name)).to.include(
        `U+${codePoint.toString(16).toUpperCase().padStart(4, "0")}`,
      );
    }
    // A no-break space inside a name is typography, not a trick.
    await expect(asAccreditor.registerInstitution("Université\u00a0de Lyonnesse", "0x4652", DOCUMENT)).to.emit(
      diplomas,
      "InstitutionRegistered",
    );
  });

  it("a name must be well-formed UTF-8, decoded no further than its length limit", async function () {
    const { asAccreditor, diplomas, accounts } = await networkHelpers.loadFixture(textFixture);
    // ethers sends strings as well-formed UTF-8, so a malformed name goes out as raw ABI-encoded bytes.
    const selector = diplomas.interface.getFunction("registerInstitution")!.selector;
    const malformed: [string, number][] = [
      ["0x556e69c0af", 3], // an overlong "/"
      ["0x556e69e08080", 3], // an overlong three-byte form
      ["0x556e69eda080", 3], // a surrogate
      ["0x556e69f4908080", 3], // above U+10FFFF
      ["0x556e6980", 3], // a stray continuation byte
      ["0x556e69e282", 3], // a cut sequence at the end
      ["0x556e69ff", 3], // a byte never in UTF-8
    ];
    for (const [hex, position] of malformed) {
      const encoded =
        selector +
        AbiCoder.defaultAbiCoder().encode(["bytes", "bytes2", "bytes32"], [hex, "0x4652", DOCUMENT]).slice(2);
      await expect(accounts.accreditor.sendTransaction({ to: await diplomas.getAddress(), data: encoded }), hex)
        .to.be.revertedWithCustomError(diplomas, "TextInvalidUtf8")
        .withArgs("name", BigInt(position));
    }
    // The longest name of multi-byte characters is decoded in full; one byte more is refused on length first.
    await expect(asAccreditor.registerInstitution("\u{1f3db}".repeat(64), "0x4652", DOCUMENT)).to.emit(
      diplomas,
      "InstitutionRegistered",
    );
    await expect(asAccreditor.registerInstitution(`${"\u{1f3db}".repeat(64)}x`, "0x4652", DOCUMENT))
      .to.be.revertedWithCustomError(diplomas, "TextTooLong")
      .withArgs("name", 257n, 256n);
  });

  it("the commands' check (textProblem) accepts exactly what the contracts accept", async function () {
    const { asLand, asBusiness, asAccreditor, accounts } = await networkHelpers.loadFixture(textFixture);
    const references = [
      ...BAD_REFERENCES.map(([reference]) => reference),
      "UT-9",
      "A B C",
      "~!@#$%^&*()_+{}|:<>?",
      "9".repeat(64),
      "9".repeat(65),
    ];
    for (const [i, reference] of references.entries()) {
      const accepted = await asLand.registerTitle
        .staticCall(reference, accounts.bob, DOCUMENT, "")
        .then(() => true)
        .catch(() => false);
      expect(textProblem("reference", reference) === null, `reference ${i} ${JSON.stringify(reference)}`).to.equal(
        accepted,
      );
    }
    for (const [i, uri] of [
      "ipfs://cid",
      "ipfs://a b",
      "https://é.example",
      "x".repeat(512),
      "x".repeat(513),
    ].entries()) {
      const accepted = await asLand.registerTitle
        .staticCall("UT-URI", accounts.bob, DOCUMENT, uri)
        .then(() => true)
        .catch(() => false);
      expect(textProblem("uri", uri) === null, `uri ${i}`).to.equal(accepted);
    }
    const names = [
      "Utopia Ltd",
      "Ülkü A.Ş.",
      " Utopia",
      "Utopia ",
      "Uto  pia",
      "Uto\u007fpia",
      "n".repeat(256),
      "é".repeat(129),
      ...LOOKALIKES.map(([name]) => name),
      "Université\u00a0de Lyonnesse",
      "\u00a0Utopia",
      "Uto\u0085pia",
      "Uto\u2007",
      "\u3000Utopia",
      "Utopia\u2060",
    ];
    for (const [i, name] of names.entries()) {
      const company = await asBusiness.registerCompany
        .staticCall(`HRB ${9000 + i}`, particulars(name), accounts.bob, DOCUMENT)
        .then(() => true)
        .catch(() => false);
      const institution = await asAccreditor.registerInstitution
        .staticCall(name, "0x4652", DOCUMENT)
        .then(() => true)
        .catch(() => false);
      expect(textProblem("name", name) === null, `name ${i}`).to.equal(company);
      expect(institution, `institution name ${i}`).to.equal(company);
    }
    expect(textProblem("reference", "ut-1")).to.include("UT-1");
  });
});
