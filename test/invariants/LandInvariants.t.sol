// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Strings} from "@openzeppelin/contracts/utils/Strings.sol";

import {MockERC20} from "../../contracts/mocks/MockERC20.sol";
import {IPropertyRegistry} from "../../contracts/property/IPropertyRegistry.sol";
import {PropertyRegistry} from "../../contracts/property/PropertyRegistry.sol";
import {IOwnershipRegistry} from "../../contracts/common/IOwnershipRegistry.sol";
import {IOwnershipSales} from "../../contracts/transfer/IOwnershipSales.sol";
import {OwnershipTransfer} from "../../contracts/transfer/OwnershipTransfer.sol";
import {LandHandler} from "./LandHandler.sol";
import {Cheats, FuzzSelector} from "../helpers/Cheats.sol";

/**
 * @title LandInvariantsTest
 * @notice What must hold at all times in the land register and the transfer contract (DESIGN.md), checked after every
 * call of random sequences of sales, court orders, key recoveries, liens, status changes, pauses and policy changes
 * made through {LandHandler}.
 */
contract LandInvariantsTest is Cheats {
    using Strings for uint256;

    LandHandler internal handler;
    PropertyRegistry internal property;
    OwnershipTransfer internal transfer;
    MockERC20 internal token;

    function setUp() public {
        handler = new LandHandler();
        (, address propertyAddress, address transferAddress, address tokenAddress) = handler.contracts();
        property = PropertyRegistry(propertyAddress);
        transfer = OwnershipTransfer(transferAddress);
        token = MockERC20(tokenAddress);
    }

    /// @notice The fuzzer calls the handler only.
    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(handler);
    }

    /// @notice The fuzzer calls the handler's actions only, not its reads.
    function targetSelectors() public view returns (FuzzSelector[] memory targets) {
        targets = new FuzzSelector[](1);
        targets[0] = FuzzSelector({addr: address(handler), selectors: handler.actions()});
    }

    /**
     * @notice Every title has exactly one owner: `titleOf` names it and agrees with the last history entry; for a
     * title in circulation `ownerOf` agrees too, while a retired title is out of the ERC-721 view (`ownerOf` reverts,
     * as for a burnt token); every account's balance counts the titles in circulation it owns, and the balances add up
     * to them.
     */
    function invariant_everyTitleHasExactlyOneOwner() public view {
        address[] memory accounts = handler.actors();
        uint256[] memory owned = new uint256[](accounts.length);
        uint256 parcels = handler.parcelCount();
        uint256 inCirculation;
        for (uint256 p = 0; p < parcels; ++p) {
            uint256 parcelId = handler.parcelModel(p).id;
            IPropertyRegistry.Title memory title = property.titleOf(parcelId);
            address owner = title.owner;
            _check(owner != address(0), "a title has no owner", p);
            if (title.status == IPropertyRegistry.TitleStatus.Retired) {
                try property.ownerOf(parcelId) returns (address) {
                    revert(string.concat("a retired title still has a token owner (", p.toString(), ")"));
                } catch {}
            } else {
                _check(property.ownerOf(parcelId) == owner, "titleOf and ownerOf disagree", p);
                ++inCirculation;
            }
            IOwnershipRegistry.OwnershipRecord[] memory last = property.ownershipHistory(
                parcelId,
                title.historyLength - 1,
                1
            );
            _check(last[0].owner == owner, "the last history entry is not the owner", p);
            bool found;
            for (uint256 a = 0; a < accounts.length; ++a) {
                if (accounts[a] == owner) {
                    if (title.status != IPropertyRegistry.TitleStatus.Retired) ++owned[a];
                    found = true;
                }
            }
            _check(found, "a title moved to an account no action named", p);
        }
        uint256 total;
        for (uint256 a = 0; a < accounts.length; ++a) {
            uint256 balance = property.balanceOf(accounts[a]);
            _check(balance == owned[a], "a balance differs from the titles owned", a);
            total += balance;
        }
        _check(total == inCirculation, "balances do not add up to the titles in circulation", total);
    }

    /**
     * @notice Only the transfer contract changes owners: the first history entry of every title is its registration;
     * every later one is a sale, a court order or a key recovery that the handler made through the transfer contract,
     * to a different owner, with the same time and basis; and no change, transfer or approval outside it succeeded.
     */
    function invariant_ownersChangeOnlyThroughTheTransferContract() public view {
        require(!handler.ownerChangedOutsideTransfer(), "an owner changed outside the transfer contract");
        uint256 changes;
        uint256 parcels = handler.parcelCount();
        for (uint256 p = 0; p < parcels; ++p) {
            IOwnershipRegistry.OwnershipRecord[] memory records = property.ownershipHistory(
                handler.parcelModel(p).id,
                0,
                type(uint256).max
            );
            IOwnershipRegistry.OwnershipRecord[] memory expected = handler.historyModel(p);
            _check(records.length == expected.length, "history length", p);
            _check(records[0].kind == IOwnershipRegistry.ChangeKind.Registration, "first entry kind", p);
            for (uint256 i = 0; i < records.length; ++i) {
                IOwnershipRegistry.OwnershipRecord memory r = records[i];
                if (i > 0) {
                    _check(r.kind != IOwnershipRegistry.ChangeKind.Registration, "a second registration", p);
                    _check(r.owner != records[i - 1].owner, "a change to the same owner", p);
                }
                _check(
                    r.owner == expected[i].owner &&
                        r.since == expected[i].since &&
                        r.kind == expected[i].kind &&
                        r.basis == expected[i].basis,
                    "history entry differs from the changes made",
                    p
                );
            }
            changes += records.length - 1;
        }
        _check(changes == handler.lawfulChanges(), "changes of owner outside the lawful paths", changes);
    }

    /**
     * @notice Escrow: for the native coin and for the token, the transfer contract holds exactly the open deposits
     * (accepted or approved offers) plus the unwithdrawn proceeds (settled) and refunds (rejected or expired), as its
     * own offer states say, and exactly what was paid in minus what was paid out.
     */
    function invariant_escrowHoldsOpenDepositsAndUnwithdrawnFunds() public view {
        uint256[2] memory held;
        uint256 offers = handler.offerCount();
        for (uint256 i = 0; i < offers; ++i) {
            LandHandler.OfferModel memory m = handler.offerModel(i);
            IOwnershipSales.OfferState memory state = transfer.offerState(m.id);
            if (!state.deposited || state.fundsReleased) continue;
            IOwnershipSales.OfferStatus s = state.status;
            _check(
                s == IOwnershipSales.OfferStatus.Accepted ||
                    s == IOwnershipSales.OfferStatus.Approved ||
                    s == IOwnershipSales.OfferStatus.Settled ||
                    s == IOwnershipSales.OfferStatus.Rejected ||
                    s == IOwnershipSales.OfferStatus.Expired,
                "escrow held for an offer that cannot hold any",
                i
            );
            held[address(m.offer.token) == address(0) ? 0 : 1] += m.offer.price;
        }
        _check(address(transfer).balance == held[0], "native escrow differs from deposits and dues", held[0]);
        _check(
            address(transfer).balance == handler.nativeIn() - handler.nativeOut(),
            "native escrow differs from payments in minus out",
            address(transfer).balance
        );
        uint256 tokens = token.balanceOf(address(transfer));
        _check(tokens == held[1], "token escrow differs from deposits and dues", held[1]);
        _check(tokens == handler.tokenIn() - handler.tokenOut(), "token escrow differs from payments", tokens);
    }

    /**
     * @notice Offers follow their state machine: each offer's stored state is the one its transitions lead to, its id
     * is its EIP-712 hash, released funds were deposited, and a settled offer was paid.
     */
    function invariant_offersFollowTheirStateMachine() public view {
        uint256 offers = handler.offerCount();
        for (uint256 i = 0; i < offers; ++i) {
            LandHandler.OfferModel memory m = handler.offerModel(i);
            IOwnershipSales.OfferState memory state = transfer.offerState(m.id);
            _check(transfer.hashOffer(m.offer) == m.id, "offer id", i);
            _check(state.status == m.status, "offer status", i);
            _check(state.deposited == m.deposited, "offer deposit", i);
            _check(state.fundsReleased == m.released, "offer release", i);
            _check(state.approvalRequired == m.approvalRequired, "offer approval policy", i);
            _check(!state.fundsReleased || state.deposited, "released funds never deposited", i);
            _check(state.status != IOwnershipSales.OfferStatus.Settled || state.deposited, "settled unpaid", i);
            _check(
                !state.deposited ||
                    (state.status != IOwnershipSales.OfferStatus.Open &&
                        state.status != IOwnershipSales.OfferStatus.Cancelled),
                "a deposit on an open or cancelled offer",
                i
            );
        }
    }

    /// @notice Titles and liens read back exactly as registered, updated, frozen, retired, consented and released.
    function invariant_titlesAndLiensMatchTheModel() public view {
        uint256 parcels = handler.parcelCount();
        for (uint256 p = 0; p < parcels; ++p) {
            LandHandler.ParcelModel memory m = handler.parcelModel(p);
            _check(property.parcelIdOf(string.concat("CAD-", p.toString())) == m.id, "parcel id", p);
            IPropertyRegistry.Title memory t = property.titleOf(m.id);
            _check(t.status == m.status, "title status", p);
            _check(t.registeredAt == m.registeredAt && t.ownerSince == m.ownerSince, "title times", p);
            _check(t.documentHash == m.documentHash, "title document", p);
            _check(keccak256(bytes(t.metadataURI)) == keccak256(bytes(m.metadataURI)), "title metadata", p);
            _check(t.historyLength == handler.historyModel(p).length, "title history length", p);
            _check(t.activeLienCount == m.activeLienCount, "active lien count", p);
            uint256[] memory active = property.activeLiens(m.id);
            _check(active.length == m.activeLienCount, "active lien list", p);
            for (uint256 i = 0; i < active.length; ++i) {
                LandHandler.LienModel memory l = handler.lienModel(active[i] - 1);
                _check(l.parcel == p && l.releasedAt == 0, "a listed lien is not active on the parcel", p);
            }
        }
        uint256 liens = handler.lienCount();
        _check(property.lienCount() == liens, "lien count", liens);
        for (uint256 i = 0; i < liens; ++i) {
            LandHandler.LienModel memory m = handler.lienModel(i);
            IPropertyRegistry.Lien memory l = property.lienOf(i + 1);
            _check(l.parcelId == handler.parcelModel(m.parcel).id && l.holder == m.holder, "lien parties", i);
            _check(l.documentHash == m.documentHash, "lien document", i);
            _check(l.registeredAt == m.registeredAt && l.releasedAt == m.releasedAt, "lien times", i);
            _check(l.consentOfferId == m.consentOffer, "lien consent", i);
        }
    }

    /// @notice Every call the handler made succeeded or reverted exactly as the rules of DESIGN.md predict.
    /**
     * @notice An offer settles only if its record has not changed owner since it was opened (and so since it was
     * accepted): every settled offer's stored owner-change count is the one its settlement found, and no attempt to
     * settle a stale offer succeeded.
     */
    /**
     * @notice Closing the transfer contract in the authority stops every change of owner through it (sales, court
     * orders, key recoveries), while buyers can still be refunded: the handler closes and reopens it (through the
     * authority's schedule once the admin delay applies), and every action predicts the closed contract's answer.
     */
    function invariant_aClosedTransferContractChangesNoOwner() public view {
        _check(handler.changesWhileClosed() == 0, "an owner changed while closed", handler.changesWhileClosed());
    }

    function invariant_noOfferSettlesAfterItsRecordChangedOwner() public view {
        _check(handler.staleSettlements() == 0, "a stale offer settled", handler.staleSettlements());
        uint256 offers = handler.offerCount();
        for (uint256 i = 0; i < offers; ++i) {
            LandHandler.OfferModel memory m = handler.offerModel(i);
            _check(transfer.offerState(m.id).ownerChanges == m.ownerChanges, "offer owner-change count", i);
        }
    }

    /// @notice Escrow is paid once and only to its payee: no withdrawal by the other party, and none twice.
    function invariant_escrowIsPaidOnceToItsPayee() public view {
        _check(handler.wrongfulWithdrawals() == 0, "escrow paid to a non-payee", handler.wrongfulWithdrawals());
    }

    function invariant_everyCallHadTheOutcomeTheRulesPredict() public view {
        require(handler.mismatches() == 0, handler.firstMismatch());
    }

    /// @notice After each run every deadline passes and every payee withdraws: the escrow empties completely.
    function afterInvariant() public {
        handler.drainEscrow();
        require(handler.mismatches() == 0, handler.firstMismatch());
        _check(address(transfer).balance == 0, "native escrow left after every payee withdrew", 0);
        _check(token.balanceOf(address(transfer)) == 0, "token escrow left after every payee withdrew", 0);
    }

    function _check(bool condition, string memory what, uint256 index) private pure {
        if (!condition) revert(string.concat(what, " (", index.toString(), ")"));
    }
}
