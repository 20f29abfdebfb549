import { expect } from "chai";
import { id, toUtf8Bytes } from "ethers";
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

describe("text fields: limits, characters and the canonical form of references", function () {
  it("a cadastral reference is at most 64 bytes of upper-case printable ASCII with single inner spaces", async function () {
    const { asLand, property, accounts } = await networkHelpers.loadFixture(textFixture);
    const longest = `UT-${"9".repeat(TEXT_LIMITS.reference - 3)}`;
    await expect(asLand.registerTitle(longest, accounts.bob, DOCUMENT, "")).to.emit(property, "TitleRegistered");
    await expect(asLand.registerTitle(`${longest}9`, accounts.bob, DOCUMENT, ""))
      .to.be.revertedWithCustomError(property, "PropertyRegistryTextTooLong")
      .withArgs("cadastralReference", 65n, 64n);
    // The 5,000-character reference of the review is refused on length.
    await expect(asLand.registerTitle("U".repeat(5000), accounts.bob, DOCUMENT, ""))
      .to.be.revertedWithCustomError(property, "PropertyRegistryTextTooLong")
      .withArgs("cadastralReference", 5000n, 64n);
    for (const [reference, position] of BAD_REFERENCES) {
      await expect(asLand.registerTitle(reference, accounts.bob, DOCUMENT, ""), JSON.stringify(reference))
        .to.be.revertedWithCustomError(property, "PropertyRegistryInvalidCharacter")
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
      .to.be.revertedWithCustomError(property, "PropertyRegistryInvalidCharacter")
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
      .to.be.revertedWithCustomError(property, "PropertyRegistryTextTooLong")
      .withArgs("metadataURI", 513n, 512n);
    await expect(asLand.updateTitleDocument(parcelId, id("survey"), "https://land.example/a b"))
      .to.be.revertedWithCustomError(property, "PropertyRegistryInvalidCharacter")
      .withArgs("metadataURI", 22n, "0x20");
    await expect(asLand.updateTitleDocument(parcelId, id("survey"), "x".repeat(5000)))
      .to.be.revertedWithCustomError(property, "PropertyRegistryTextTooLong")
      .withArgs("metadataURI", 5000n, 512n);
    const asAdmin = property.connect(accounts.admin);
    await expect(asAdmin.setBaseURI("https://land.example/titles/\n"))
      .to.be.revertedWithCustomError(property, "PropertyRegistryInvalidCharacter")
      .withArgs("baseURI", 28n, "0x0a");
    await expect(asAdmin.setBaseURI(`https://${"l".repeat(TEXT_LIMITS.uri)}`))
      .to.be.revertedWithCustomError(property, "PropertyRegistryTextTooLong")
      .withArgs("baseURI", 520n, 512n);
    await expect(asAdmin.setBaseURI("https://land.example/titles/")).to.emit(property, "BaseURIUpdated");
  });

  it("a company number follows the rules of a reference, and a company name is at most 256 bytes of clean text", async function () {
    const { asBusiness, companies, accounts } = await networkHelpers.loadFixture(textFixture);
    const register = (number: string, name = "Utopia Land Ltd") =>
      asBusiness.registerCompany(number, particulars(name), accounts.bob, DOCUMENT);
    await expect(register("hrb 1001"))
      .to.be.revertedWithCustomError(companies, "CompanyRegistryInvalidCharacter")
      .withArgs("companyNumber", 0n, "0x68");
    await expect(register(`HRB ${"1".repeat(61)}`))
      .to.be.revertedWithCustomError(companies, "CompanyRegistryTextTooLong")
      .withArgs("companyNumber", 65n, 64n);
    await expect(register("HRB 2002", "N".repeat(TEXT_LIMITS.name + 1)))
      .to.be.revertedWithCustomError(companies, "CompanyRegistryTextTooLong")
      .withArgs("name", 257n, 256n);
    await expect(register("HRB 2002", "Utopia\nLand"))
      .to.be.revertedWithCustomError(companies, "CompanyRegistryInvalidCharacter")
      .withArgs("name", 6n, "0x0a");
    await expect(register("HRB 2002", "Utopia Land "))
      .to.be.revertedWithCustomError(companies, "CompanyRegistryInvalidCharacter")
      .withArgs("name", 11n, "0x20");
    // Names are UTF-8: accented letters and other scripts are names like any other.
    await expect(register("HRB 2002", "Société Générale d'Utopie — Ελλάς")).to.emit(companies, "CompanyRegistered");
    const companyId = await companies.companyIdOf("HRB 1001");
    await expect(asBusiness.updateParticulars(companyId, particulars("Utopia  Widgets"), id("decision")))
      .to.be.revertedWithCustomError(companies, "CompanyRegistryInvalidCharacter")
      .withArgs("name", 7n, "0x20");
    await expect(asBusiness.updateParticulars(companyId, particulars("Utopia Widgets AG"), id("decision"))).to.emit(
      companies,
      "ParticularsUpdated",
    );
  });

  it("an institution's name is at most 256 bytes of clean text", async function () {
    const { asAccreditor, diplomas } = await networkHelpers.loadFixture(textFixture);
    await expect(asAccreditor.registerInstitution("U".repeat(257), "0x4652", DOCUMENT))
      .to.be.revertedWithCustomError(diplomas, "DiplomaRegistryTextTooLong")
      .withArgs("name", 257n, 256n);
    await expect(asAccreditor.registerInstitution("University\u0000of Utopia", "0x4652", DOCUMENT))
      .to.be.revertedWithCustomError(diplomas, "DiplomaRegistryInvalidCharacter")
      .withArgs("name", 10n, "0x00");
    await expect(asAccreditor.registerInstitution(" University of Utopia", "0x4652", DOCUMENT))
      .to.be.revertedWithCustomError(diplomas, "DiplomaRegistryInvalidCharacter")
      .withArgs("name", 0n, "0x20");
    await expect(asAccreditor.registerInstitution("U".repeat(256), "0x4652", DOCUMENT)).to.emit(
      diplomas,
      "InstitutionRegistered",
    );
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
