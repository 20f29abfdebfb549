// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/interfaces/IERC20.sol";

import {ITextErrors} from "../../contracts/common/ITextErrors.sol";
import {MockERC20} from "../../contracts/mocks/MockERC20.sol";
import {IPropertyRegistry} from "../../contracts/property/IPropertyRegistry.sol";
import {IOwnershipRegistry} from "../../contracts/common/IOwnershipRegistry.sol";
import {IOwnershipSales} from "../../contracts/transfer/IOwnershipSales.sol";
import {Cheats} from "../helpers/Cheats.sol";
import {SuiteDeployer} from "../helpers/SuiteDeployer.sol";

/**
 * @title LandFuzzTest
 * @notice Properties of the land register and the transfer contract that must hold for any input: parcel ids,
 * EIP-712 offer ids and signatures, lien consent bound to one offer, and exact escrow payments.
 */
contract LandFuzzTest is Cheats, SuiteDeployer {
    /// @dev The order of the secp256k1 group: private keys are below it.
    uint256 internal constant SECP256K1_ORDER = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141;

    address internal constant REGISTRAR = address(uint160(uint256(keccak256("egov land registrar"))));
    address internal constant COURT = address(uint160(uint256(keccak256("egov court officer"))));

    MockERC20 internal token;

    function setUp() public {
        _deploySuite();
        token = new MockERC20("Test Token", "TEST");
        authority.grantRole(LAND_REGISTRAR, REGISTRAR, 0);
        authority.grantRole(COURT_OFFICER, COURT, COURT_DELAY);
        _bindGrantDelays();
        vm.warp(1_700_000_000);
    }

    function testFuzz_parcelIdIsTheHashOfTheCadastralReference(bytes calldata seed, uint256 ownerKey) public {
        string memory cadastralReference = _canonicalReference(seed);
        address owner = _account(ownerKey);
        uint256 expected = uint256(keccak256(bytes(cadastralReference)));
        _eq(property.parcelIdOf(cadastralReference), expected, "parcelIdOf");

        vm.prank(REGISTRAR);
        uint256 parcelId = property.registerTitle(cadastralReference, owner, keccak256("survey"), "");
        _eq(parcelId, expected, "registered id");
        require(property.ownerOf(parcelId) == owner, "owner");

        vm.prank(REGISTRAR);
        try property.registerTitle(cadastralReference, owner, keccak256("survey"), "") {
            revert("a cadastral cadastralReference was registered twice");
        } catch (bytes memory err) {
            _revertedWith(
                err,
                abi.encodeWithSelector(
                    IPropertyRegistry.PropertyRegistryDuplicateCadastralReference.selector,
                    cadastralReference,
                    expected
                )
            );
        }
    }

    /// @notice A reference with any byte outside the canonical form (a lower-case letter, a control character, a
    /// non-ASCII byte, a stray space) is refused, naming the first such byte; none is ever registered.
    function testFuzz_aReferenceOutsideItsCanonicalFormIsRefused(bytes calldata seed, uint8 at, uint8 bad) public {
        bytes memory text = bytes(_canonicalReference(seed));
        uint256 position = at % text.length;
        // One byte the canonical form never holds there: a lower-case letter, a control character, DEL or non-ASCII.
        uint8[4] memory refused = [uint8(0x61 + (bad % 26)), uint8(bad % 0x20), 0x7f, uint8(0x80 | bad)];
        text[position] = bytes1(refused[bad % 4]);
        vm.prank(REGISTRAR);
        try property.registerTitle(string(text), _account(1), keccak256("survey"), "") {
            revert("a reference outside the canonical form was registered");
        } catch (bytes memory err) {
            _revertedWith(
                err,
                abi.encodeWithSelector(
                    ITextErrors.TextInvalidCharacter.selector,
                    "cadastralReference",
                    position,
                    text[position]
                )
            );
        }
    }

    /**
     * @notice The offer id is the EIP-712 typed-data hash of the offer written out here from the standard, on any
     * chain: `keccak256("\x19\x01" || domainSeparator || hashStruct(offer))`.
     */
    function testFuzz_offerIdIsTheEip712HashOfTheOffer(IOwnershipSales.Offer memory offer, uint64 chainId) public {
        vm.chainId(_bound(chainId, 1, type(uint64).max));
        bytes32 domainSeparator = keccak256(
            abi.encode(
                keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"),
                keccak256("egov OwnershipTransfer"),
                keccak256("1"),
                block.chainid,
                address(transfer)
            )
        );
        bytes32 structHash = keccak256(
            abi.encode(
                keccak256(
                    "Offer(address registry,uint256 recordId,address seller,address buyer,address token,uint256 price,"
                    "uint64 deadline,bytes32 deedHash,uint256 nonce)"
                ),
                offer.registry,
                offer.recordId,
                offer.seller,
                offer.buyer,
                offer.token,
                offer.price,
                offer.deadline,
                offer.deedHash,
                offer.nonce
            )
        );
        bytes32 expected = keccak256(abi.encodePacked("\x19\x01", domainSeparator, structHash));
        require(transfer.hashOffer(offer) == expected, "hashOffer differs from the EIP-712 rule");
    }

    /// @notice A seller's signature over the offer id opens the offer once, whoever submits it.
    function testFuzz_aSellersSignatureOpensTheOfferOnce(
        uint256 sellerKey,
        uint256 buyerKey,
        uint256 price,
        uint64 validity,
        uint256 nonce,
        address submitter
    ) public {
        address seller = _account(sellerKey);
        address buyer = _account(buyerKey);
        vm.assume(seller != buyer && submitter != address(0));
        IOwnershipSales.Offer memory offer = _offer("CAD-SIG", seller, buyer, price, validity, false);
        offer.nonce = nonce;
        bytes32 offerId = transfer.hashOffer(offer);
        bytes memory signature = _signOffer(_key(sellerKey), offer);

        vm.prank(submitter);
        require(transfer.openOfferBySig(offer, signature) == offerId, "offer id");
        require(transfer.offerState(offerId).status == IOwnershipSales.OfferStatus.Open, "not open");

        vm.prank(submitter);
        try transfer.openOfferBySig(offer, signature) {
            revert("a signature opened the same offer twice");
        } catch (bytes memory err) {
            _revertedWith(err, abi.encodeWithSelector(IOwnershipSales.OwnershipTransferOfferExists.selector, offerId));
        }
    }

    /**
     * @notice A lien holder's consent covers the one offer it names: another offer of the same parcel to the same
     * buyer with the same deed but another price does not settle on it, and a withdrawn consent covers nothing.
     */
    function testFuzz_lienConsentCoversTheNamedOfferOnly(
        uint256 sellerKey,
        uint256 buyerKey,
        uint256 holderKey,
        uint256 price,
        uint256 otherPrice
    ) public {
        address seller = _account(sellerKey);
        address buyer = _account(buyerKey);
        address holder = _account(holderKey);
        vm.assume(seller != buyer);
        IOwnershipSales.Offer memory consented = _offer("CAD-LIEN", seller, buyer, price, 1 days, false);
        IOwnershipSales.Offer memory other = _offer("", seller, buyer, otherPrice, 1 days, false);
        other.recordId = consented.recordId;
        other.nonce = 1;
        vm.prank(REGISTRAR);
        uint256 lienId = property.registerLien(consented.recordId, holder, keccak256("mortgage"));
        _openAcceptApprove(consented);
        _openAcceptApprove(other);
        bytes32 consentedId = transfer.hashOffer(consented);
        bytes32 otherId = transfer.hashOffer(other);
        vm.prank(holder);
        property.consentToSale(lienId, consentedId);

        try transfer.settleOffer(other) {
            revert("a consent to one offer let another settle");
        } catch (bytes memory err) {
            _revertedWith(
                err,
                abi.encodeWithSelector(
                    IPropertyRegistry.PropertyRegistryLienConsentMissing.selector,
                    consented.recordId,
                    lienId,
                    otherId
                )
            );
        }

        vm.prank(holder);
        property.withdrawConsent(lienId);
        (bool ok, ) = property.checkOwnerChange(
            consented.recordId,
            seller,
            buyer,
            IOwnershipRegistry.ChangeKind.Sale,
            consentedId
        );
        require(!ok, "a withdrawn consent still allowed the sale");

        vm.prank(holder);
        property.consentToSale(lienId, consentedId);
        transfer.settleOffer(consented);
        require(property.ownerOf(consented.recordId) == buyer, "the consented sale did not settle");
    }

    /// @notice Any amount other than the price is refused at acceptance, with both amounts in the error.
    function testFuzz_acceptingWithAnyOtherAmountReverts(uint256 price, uint256 paid) public {
        address seller = _account(1);
        address buyer = _account(2);
        IOwnershipSales.Offer memory offer = _offer("CAD-PAY", seller, buyer, price, 1 days, false);
        paid = _bound(paid, 0, 1e30);
        vm.assume(paid != offer.price);
        vm.prank(seller);
        bytes32 offerId = transfer.openOffer(offer);
        vm.deal(buyer, paid);
        vm.prank(buyer);
        try transfer.acceptOffer{value: paid}(offer) {
            revert("a wrong payment was accepted");
        } catch (bytes memory err) {
            _revertedWith(
                err,
                abi.encodeWithSelector(
                    IOwnershipSales.OwnershipTransferWrongPayment.selector,
                    offerId,
                    offer.price,
                    paid
                )
            );
        }
    }

    /// @notice Whatever the price, coin and outcome, the payee receives exactly the price and the escrow empties.
    function testFuzz_escrowPaysOutExactlyThePrice(
        uint256 price,
        bool inToken,
        bool settles,
        uint256 recipientKey
    ) public {
        address seller = _account(3);
        address buyer = _account(4);
        address recipient = _account(recipientKey);
        IOwnershipSales.Offer memory offer = _offer("CAD-ESCROW", seller, buyer, price, 1 days, inToken);
        _openAcceptApprove(offer);
        address payee = buyer;
        if (settles) {
            transfer.settleOffer(offer);
            payee = seller;
        } else {
            vm.prank(REGISTRAR);
            transfer.rejectOffer(offer, keccak256("refusal"));
        }
        uint256 before = _balance(offer.token, recipient);
        vm.prank(payee);
        transfer.withdraw(offer, payable(recipient));
        _eq(_balance(offer.token, recipient), before + offer.price, "amount received");
        _eq(_balance(offer.token, address(transfer)), 0, "escrow left");
    }

    function _register(string memory cadastralReference, address owner) internal returns (uint256 parcelId) {
        vm.prank(REGISTRAR);
        parcelId = property.registerTitle(cadastralReference, owner, keccak256("survey"), "");
    }

    function _offer(
        string memory cadastralReference,
        address seller,
        address buyer,
        uint256 price,
        uint64 validity,
        bool inToken
    ) internal returns (IOwnershipSales.Offer memory offer) {
        offer = IOwnershipSales.Offer({
            registry: property,
            recordId: bytes(cadastralReference).length == 0 ? 0 : _register(cadastralReference, seller),
            seller: seller,
            buyer: buyer,
            token: inToken ? IERC20(address(token)) : IERC20(address(0)),
            price: _bound(price, 1, 1e30),
            deadline: uint64(block.timestamp + _bound(validity, 1, 365 days)),
            deedHash: keccak256("sale deed"),
            nonce: 0
        });
    }

    function _openAcceptApprove(IOwnershipSales.Offer memory offer) internal {
        vm.prank(offer.seller);
        transfer.openOffer(offer);
        if (address(offer.token) == address(0)) {
            vm.deal(offer.buyer, offer.price);
            vm.prank(offer.buyer);
            transfer.acceptOffer{value: offer.price}(offer);
        } else {
            token.mint(offer.buyer, offer.price);
            vm.prank(offer.buyer);
            token.approve(address(transfer), offer.price);
            vm.prank(offer.buyer);
            transfer.acceptOffer(offer);
        }
        vm.prank(REGISTRAR);
        transfer.approveOffer(offer);
    }

    /// @dev A valid private key from any seed.
    function _key(uint256 seed) internal pure returns (uint256) {
        return _bound(seed, 1, SECP256K1_ORDER - 1);
    }

    /// @dev An account with no code from any seed.
    function _account(uint256 seed) internal pure returns (address) {
        return vm.addr(_key(seed));
    }

    function _balance(IERC20 paidIn, address account) internal view returns (uint256) {
        return address(paidIn) == address(0) ? account.balance : paidIn.balanceOf(account);
    }

    function _eq(uint256 actual, uint256 expected, string memory what) internal pure {
        require(actual == expected, what);
    }

    function _revertedWith(bytes memory actual, bytes memory expected) internal pure {
        require(keccak256(actual) == keccak256(expected), "reverted with another error");
    }

    /// @dev A reference in canonical form made from `seed`: 1 to 64 characters of `A`-`Z`, `0`-`9`, `-` and `/`.
    function _canonicalReference(bytes calldata seed) internal pure returns (string memory) {
        bytes memory alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-/";
        uint256 length = seed.length == 0 ? 1 : (seed.length > 64 ? 64 : seed.length);
        bytes memory text = new bytes(length);
        for (uint256 i = 0; i < length; ++i) {
            text[i] = alphabet[(i < seed.length ? uint8(seed[i]) : 0) % alphabet.length];
        }
        return string(text);
    }

    /// @dev The seller's signature over `offer` with the record's owner-change count as it stands now.
    function _signOffer(uint256 key, IOwnershipSales.Offer memory offer) internal view returns (bytes memory) {
        (, uint256 ownerChanges, ) = property.ownershipState(offer.recordId);
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(key, transfer.signedOfferDigest(offer, ownerChanges));
        return abi.encodePacked(r, s, v);
    }
}
