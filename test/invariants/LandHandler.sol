// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IAccessManager} from "@openzeppelin/contracts/access/manager/IAccessManager.sol";
import {IERC20} from "@openzeppelin/contracts/interfaces/IERC20.sol";
import {Strings} from "@openzeppelin/contracts/utils/Strings.sol";

import {MockERC20} from "../../contracts/mocks/MockERC20.sol";
import {IPropertyRegistry} from "../../contracts/property/IPropertyRegistry.sol";
import {IOwnershipRegistry} from "../../contracts/common/IOwnershipRegistry.sol";
import {IOwnershipSales} from "../../contracts/transfer/IOwnershipSales.sol";
import {OwnershipTransfer} from "../../contracts/transfer/OwnershipTransfer.sol";
import {Cheats} from "../helpers/Cheats.sol";
import {SuiteDeployer} from "../helpers/SuiteDeployer.sol";

/**
 * @title LandHandler
 * @notice The invariant fuzzer's entry points into the land register and the transfer contract. Each action picks
 * its parties and records from bounded seeds, predicts from a model of the rules whether the call must succeed,
 * makes it as the right account, and records any call whose outcome differs from the prediction. The model also
 * keeps what the contracts should read back (owners, histories, liens, offers) and ghost totals of the escrow.
 * @dev The handler deploys the suite and is its ADMIN. Owners, buyers, lien holders and payees are drawn from
 * {ACTORS} accounts with known keys, so that offers can also be opened by signature.
 */
contract LandHandler is Cheats, SuiteDeployer {
    using Strings for uint256;

    uint256 internal constant ACTORS = 6;
    uint256 internal constant MAX_PARCELS = 10;
    uint256 internal constant MAX_LIENS = 24;
    uint256 internal constant MAX_OFFERS = 40;
    uint256 internal constant MAX_ORDERS = 12;
    uint256 internal constant MAX_PRICE = 1e24;
    uint48 internal constant ORDER_EXPIRATION = 1 weeks;

    address internal constant REGISTRAR = address(uint160(uint256(keccak256("egov land registrar"))));
    address internal constant COURT = address(uint160(uint256(keccak256("egov court officer"))));
    address internal constant RECOVERY = address(uint160(uint256(keccak256("egov recovery officer"))));
    address internal constant GUARD = address(uint160(uint256(keccak256("egov guardian"))));

    struct ParcelModel {
        uint256 id;
        address owner;
        IPropertyRegistry.TitleStatus status;
        uint40 registeredAt;
        uint40 ownerSince;
        bytes32 documentHash;
        string metadataURI;
        uint256 activeLienCount;
    }

    struct LienModel {
        uint256 parcel;
        address holder;
        bytes32 documentHash;
        uint40 registeredAt;
        uint40 releasedAt;
        bytes32 consentOffer;
    }

    struct OfferModel {
        IOwnershipSales.Offer offer;
        bytes32 id;
        uint256 parcel;
        IOwnershipSales.OfferStatus status;
        bool approvalRequired;
        bool deposited;
        bool released;
        uint256 ownerChanges; // the parcel's owner changes when the offer was opened
    }

    enum OrderState {
        None,
        Pending,
        Executed,
        Cancelled
    }

    /// @dev A recovery order scheduled in the authority: keys (titles of a lost account) or escrow of one offer.
    struct OrderModel {
        bytes data;
        uint48 readyAt;
        OrderState state;
        bool escrow;
        address lost;
        address newAccount;
        uint256 offer;
        uint256[] parcels;
        bytes32 basis;
    }

    MockERC20 public token;
    uint256 public clock = 1_700_000_000;

    bool public propertyPaused;
    bool public transferPaused;
    /// @dev The transfer contract is closed in the authority (`setTargetClosed`).
    bool public transferClosed;
    bool public policyEnabled = true;
    bool public approvalRequired = true;

    uint256 public nativeIn;
    uint256 public nativeOut;
    uint256 public tokenIn;
    uint256 public tokenOut;

    /// @dev Changes of owner made by the handler through the transfer contract and accepted by the registry.
    uint256 public lawfulChanges;
    /// @dev Set if a change of owner, transfer or approval outside the transfer contract ever succeeded.
    bool public ownerChangedOutsideTransfer;
    /// @dev Sales settled although the parcel changed owner after the offer was opened (and so after acceptance).
    uint256 public staleSettlements;
    /// @dev Changes of owner made through the transfer contract while the authority kept it closed.
    uint256 public changesWhileClosed;
    /// @dev Withdrawals that paid an account which was not the offer's payee, or paid an offer out twice.
    uint256 public wrongfulWithdrawals;

    uint256 public mismatches;
    string public firstMismatch;

    uint256[ACTORS] internal _keys;
    address[ACTORS] internal _actors;
    ParcelModel[] internal _parcels;
    mapping(uint256 parcel => IOwnershipRegistry.OwnershipRecord[]) internal _history;
    LienModel[] internal _liens;
    OfferModel[] internal _offers;
    OrderModel[] internal _orders;
    uint256 internal _nonce;

    constructor() {
        _deploySuite();
        token = new MockERC20("Test Token", "TEST");
        authority.grantRole(LAND_REGISTRAR, REGISTRAR, 0);
        authority.grantRole(COURT_OFFICER, COURT, COURT_DELAY);
        authority.grantRole(RECOVERY_OFFICER, RECOVERY, RECOVERY_DELAY);
        authority.grantRole(GUARDIAN, GUARD, 0);
        _bindGrantDelays();
        for (uint256 i = 0; i < ACTORS; ++i) {
            _keys[i] = uint256(keccak256(abi.encode("egov actor", i)));
            _actors[i] = vm.addr(_keys[i]);
        }
    }

    // -------------------------------------------------------------------------------------------------------------
    // Actions: land registrar and lien holders
    // -------------------------------------------------------------------------------------------------------------

    function registerTitle(uint256 ownerSeed, bytes32 documentHash, bool withMetadata) external {
        _sync();
        uint256 index = _parcels.length;
        if (index == MAX_PARCELS) return;
        address owner = _actor(ownerSeed);
        if (documentHash == bytes32(0)) documentHash = keccak256(abi.encode("survey", index));
        string memory ref = string.concat("CAD-", index.toString());
        string memory uri = withMetadata ? string.concat("ipfs://parcel-", index.toString()) : "";
        vm.prank(REGISTRAR);
        try property.registerTitle(ref, owner, documentHash, uri) returns (uint256 parcelId) {
            _expect(!propertyPaused, "registerTitle");
            _parcels.push(
                ParcelModel({
                    id: parcelId,
                    owner: owner,
                    status: IPropertyRegistry.TitleStatus.Active,
                    registeredAt: uint40(clock),
                    ownerSince: uint40(clock),
                    documentHash: documentHash,
                    metadataURI: uri,
                    activeLienCount: 0
                })
            );
            _history[index].push(
                IOwnershipRegistry.OwnershipRecord({
                    owner: owner,
                    since: uint40(clock),
                    kind: IOwnershipRegistry.ChangeKind.Registration,
                    basis: documentHash
                })
            );
        } catch (bytes memory err) {
            _unexpectedRevert(!propertyPaused, "registerTitle", err);
        }
    }

    function updateTitleDocument(uint256 parcelSeed, bytes32 documentHash, bool withMetadata) external {
        _sync();
        if (_parcels.length == 0) return;
        uint256 p = parcelSeed % _parcels.length;
        ParcelModel storage parcel = _parcels[p];
        string memory uri = withMetadata ? string.concat("ipfs://survey-", clock.toString()) : "";
        bool expected =
            !propertyPaused && parcel.status != IPropertyRegistry.TitleStatus.Retired && documentHash != bytes32(0);
        vm.prank(REGISTRAR);
        try property.updateTitleDocument(parcel.id, documentHash, uri) {
            _expect(expected, "updateTitleDocument");
            parcel.documentHash = documentHash;
            parcel.metadataURI = uri;
        } catch (bytes memory err) {
            _unexpectedRevert(expected, "updateTitleDocument", err);
        }
    }

    function setTitleStatus(uint256 parcelSeed, uint8 operation) external {
        _sync();
        if (_parcels.length == 0) return;
        ParcelModel storage parcel = _parcels[parcelSeed % _parcels.length];
        IPropertyRegistry.TitleStatus status = parcel.status;
        bytes32 basis = keccak256(abi.encode("status decision", clock, operation));
        uint256 op = operation % 5;
        bool expected;
        IPropertyRegistry.TitleStatus next;
        vm.prank(REGISTRAR);
        bool ok;
        bytes memory err;
        if (op < 2) {
            expected = status == IPropertyRegistry.TitleStatus.Active;
            next = IPropertyRegistry.TitleStatus.Frozen;
            try property.freezeTitle(parcel.id, basis) {
                ok = true;
            } catch (bytes memory e) {
                err = e;
            }
        } else if (op < 4) {
            expected = status == IPropertyRegistry.TitleStatus.Frozen;
            next = IPropertyRegistry.TitleStatus.Active;
            try property.unfreezeTitle(parcel.id, basis) {
                ok = true;
            } catch (bytes memory e) {
                err = e;
            }
        } else {
            expected = status != IPropertyRegistry.TitleStatus.Retired;
            next = IPropertyRegistry.TitleStatus.Retired;
            try property.retireTitle(parcel.id, basis) {
                ok = true;
            } catch (bytes memory e) {
                err = e;
            }
        }
        expected = expected && !propertyPaused;
        if (ok) {
            _expect(expected, "setTitleStatus");
            parcel.status = next;
        } else {
            _unexpectedRevert(expected, "setTitleStatus", err);
        }
    }

    function registerLien(uint256 parcelSeed, uint256 holderSeed) external {
        _sync();
        if (_parcels.length == 0 || _liens.length == MAX_LIENS) return;
        uint256 p = parcelSeed % _parcels.length;
        ParcelModel storage parcel = _parcels[p];
        address holder = _actor(holderSeed);
        bytes32 documentHash = keccak256(abi.encode("mortgage", _liens.length));
        bool expected =
            !propertyPaused &&
                parcel.status != IPropertyRegistry.TitleStatus.Retired &&
                parcel.activeLienCount < property.MAX_ACTIVE_LIENS();
        vm.prank(REGISTRAR);
        try property.registerLien(parcel.id, holder, documentHash) returns (uint256 lienId) {
            _expect(expected, "registerLien");
            if (lienId != _liens.length + 1) _mismatch("registerLien: lien id");
            _liens.push(
                LienModel({
                    parcel: p,
                    holder: holder,
                    documentHash: documentHash,
                    registeredAt: uint40(clock),
                    releasedAt: 0,
                    consentOffer: bytes32(0)
                })
            );
            ++parcel.activeLienCount;
        } catch (bytes memory err) {
            _unexpectedRevert(expected, "registerLien", err);
        }
    }

    function releaseLien(uint256 lienSeed) external {
        _sync();
        if (_liens.length == 0) return;
        uint256 l = lienSeed % _liens.length;
        LienModel storage lien = _liens[l];
        bool expected = !propertyPaused && lien.releasedAt == 0;
        vm.prank(REGISTRAR);
        try property.releaseLien(l + 1, keccak256(abi.encode("discharge", l))) {
            _expect(expected, "releaseLien");
            lien.releasedAt = uint40(clock);
            --_parcels[lien.parcel].activeLienCount;
        } catch (bytes memory err) {
            _unexpectedRevert(expected, "releaseLien", err);
        }
    }

    /// @dev A lien holder consents to any offer (of its parcel or not), or withdraws its consent when `withdraw_`.
    function consentToSale(uint256 lienSeed, uint256 offerSeed, bool withdraw_) external {
        _sync();
        if (_liens.length == 0) return;
        uint256 l = lienSeed % _liens.length;
        if (withdraw_) {
            _withdrawConsent(l);
        } else if (_offers.length != 0) {
            _consent(l, _offers[offerSeed % _offers.length].id);
        }
    }

    /// @dev Every active lien holder of the offer's parcel consents to the offer.
    function consentToOffer(uint256 offerSeed) external {
        _sync();
        if (_offers.length == 0) return;
        OfferModel storage o = _offers[
            _pickOffer(
                offerSeed,
                _bit(IOwnershipSales.OfferStatus.Open) |
                    _bit(IOwnershipSales.OfferStatus.Accepted) |
                    _bit(IOwnershipSales.OfferStatus.Approved)
            )
        ];
        for (uint256 l = 0; l < _liens.length; ++l) {
            if (_liens[l].parcel == o.parcel && _liens[l].releasedAt == 0) _consent(l, o.id);
        }
    }

    /**
     * @dev Tries to change an owner without the transfer contract: `changeOwner` called by an actor, the registrar,
     * the court officer or the ADMIN, or an ERC-721 transfer or approval by the owner. Every one must revert.
     */
    function attemptOwnerChangeOutsideTransfer(
        uint256 parcelSeed,
        uint256 callerSeed,
        uint256 toSeed,
        uint8 how
    ) external {
        _sync();
        if (_parcels.length == 0) return;
        ParcelModel storage parcel = _parcels[parcelSeed % _parcels.length];
        address from = parcel.owner;
        address to = _actor(toSeed);
        if (to == from) to = _actor(toSeed + 1);
        uint256 h = how % 7;
        address caller =
            h == 0
                ? _actor(callerSeed)
                : h == 1
                    ? REGISTRAR
                    : h == 2
                        ? COURT
                        : h == 3
                            ? address(this)
                            : from;
        if (caller != address(this)) vm.prank(caller);
        bool succeeded;
        if (h < 4) {
            try
                property.changeOwner(
                    parcel.id,
                    from,
                    to,
                    IOwnershipRegistry.ChangeKind(1 + (callerSeed % 3)),
                    keccak256("forged basis"),
                    bytes32(0)
                )
            {
                succeeded = true;
            } catch {}
        } else if (h == 4) {
            try property.transferFrom(from, to, parcel.id) {
                succeeded = true;
            } catch {}
        } else if (h == 5) {
            try property.safeTransferFrom(from, to, parcel.id) {
                succeeded = true;
            } catch {}
        } else {
            try property.approve(to, parcel.id) {
                succeeded = true;
            } catch {}
        }
        if (succeeded) ownerChangedOutsideTransfer = true;
    }

    // -------------------------------------------------------------------------------------------------------------
    // Actions: sales
    // -------------------------------------------------------------------------------------------------------------

    /// @dev `how` % 3: 0 the seller opens; 1 a third party submits the seller's signature; 2 the seller cancels a
    /// signed offer before anyone submits it, after which the signature must be refused.
    function openOffer(
        uint256 parcelSeed,
        uint256 buyerSeed,
        uint256 price,
        uint256 duration,
        bool inToken,
        uint8 how
    ) external {
        _sync();
        if (_parcels.length == 0 || _offers.length == MAX_OFFERS) return;
        uint256 p = parcelSeed % _parcels.length;
        IOwnershipSales.Offer memory offer = _newOffer(p, buyerSeed, price, duration, inToken);
        uint256 h = how % 3;
        if (h == 2) _cancelBeforeSubmission(offer, p);
        else _open(offer, p, h == 1, _actor(buyerSeed >> 8));
    }

    function cancelOffer(uint256 offerSeed) external {
        _sync();
        if (_offers.length == 0) return;
        OfferModel storage o = _offers[_pickOffer(offerSeed, _bit(IOwnershipSales.OfferStatus.Open))];
        bool expected = !transferPaused && o.status == IOwnershipSales.OfferStatus.Open;
        vm.prank(o.offer.seller);
        try transfer.cancelOffer(o.offer) {
            _expect(expected, "cancelOffer");
            o.status = IOwnershipSales.OfferStatus.Cancelled;
        } catch (bytes memory err) {
            _unexpectedRevert(expected, "cancelOffer", err);
        }
    }

    function acceptOffer(uint256 offerSeed) external {
        _sync();
        if (_offers.length == 0) return;
        OfferModel storage o = _offers[_pickOffer(offerSeed, _bit(IOwnershipSales.OfferStatus.Open))];
        IOwnershipSales.Offer memory offer = o.offer;
        bool expected =
            !transferPaused && o.status == IOwnershipSales.OfferStatus.Open && clock <= offer.deadline && _current(o);
        bool native = address(offer.token) == address(0);
        if (native) {
            vm.deal(offer.buyer, offer.buyer.balance + offer.price);
        } else {
            token.mint(offer.buyer, offer.price);
            vm.prank(offer.buyer);
            token.approve(address(transfer), offer.price);
        }
        vm.prank(offer.buyer);
        try transfer.acceptOffer{value: native ? offer.price : 0}(offer) {
            _expect(expected, "acceptOffer");
            o.status = IOwnershipSales.OfferStatus.Accepted;
            o.deposited = true;
            if (native) nativeIn += offer.price;
            else tokenIn += offer.price;
        } catch (bytes memory err) {
            _unexpectedRevert(expected, "acceptOffer", err);
        }
    }

    function approveOffer(uint256 offerSeed) external {
        _sync();
        if (_offers.length == 0) return;
        OfferModel storage o = _offers[_pickOffer(offerSeed, _bit(IOwnershipSales.OfferStatus.Accepted))];
        bool expected =
            !transferPaused &&
                policyEnabled &&
                o.status == IOwnershipSales.OfferStatus.Accepted &&
                clock <= o.offer.deadline;
        vm.prank(REGISTRAR);
        try transfer.approveOffer(o.offer) {
            _expect(expected, "approveOffer");
            o.status = IOwnershipSales.OfferStatus.Approved;
        } catch (bytes memory err) {
            _unexpectedRevert(expected, "approveOffer", err);
        }
    }

    function rejectOffer(uint256 offerSeed) external {
        _sync();
        if (_offers.length == 0) return;
        OfferModel storage o = _offers[
            _pickOffer(
                offerSeed,
                _bit(IOwnershipSales.OfferStatus.Open) |
                    _bit(IOwnershipSales.OfferStatus.Accepted) |
                    _bit(IOwnershipSales.OfferStatus.Approved)
            )
        ];
        bool expected = !transferPaused && _pending(o.status);
        vm.prank(REGISTRAR);
        try transfer.rejectOffer(o.offer, keccak256(abi.encode("refusal", offerSeed))) {
            _expect(expected, "rejectOffer");
            o.status = IOwnershipSales.OfferStatus.Rejected;
        } catch (bytes memory err) {
            _unexpectedRevert(expected, "rejectOffer", err);
        }
    }

    function settleOffer(uint256 offerSeed, uint256 callerSeed) external {
        _sync();
        if (_offers.length == 0) return;
        OfferModel storage o = _offers[
            _pickOffer(
                offerSeed,
                _bit(IOwnershipSales.OfferStatus.Accepted) | _bit(IOwnershipSales.OfferStatus.Approved)
            )
        ];
        IOwnershipSales.Offer memory offer = o.offer;
        bool settleable =
            o.status == IOwnershipSales.OfferStatus.Approved ||
                (o.status == IOwnershipSales.OfferStatus.Accepted && !o.approvalRequired);
        bool expected =
            !transferPaused &&
                !transferClosed &&
                !propertyPaused &&
                policyEnabled &&
                settleable &&
                clock <= offer.deadline &&
                _history[o.parcel].length - 1 == o.ownerChanges &&
                _registryAccepts(o.parcel, offer.seller, offer.buyer, IOwnershipRegistry.ChangeKind.Sale, o.id);
        vm.prank(_actor(callerSeed));
        try transfer.settleOffer(offer) {
            _expect(expected, "settleOffer");
            if (_history[o.parcel].length - 1 != o.ownerChanges) ++staleSettlements;
            o.status = IOwnershipSales.OfferStatus.Settled;
            _moveTitle(o.parcel, offer.buyer, IOwnershipRegistry.ChangeKind.Sale, offer.deedHash);
        } catch (bytes memory err) {
            _unexpectedRevert(expected, "settleOffer", err);
        }
    }

    function expireOffer(uint256 offerSeed, uint256 callerSeed) external {
        _sync();
        if (_offers.length == 0) return;
        OfferModel storage o = _offers[
            _pickOffer(
                offerSeed,
                _bit(IOwnershipSales.OfferStatus.Open) |
                    _bit(IOwnershipSales.OfferStatus.Accepted) |
                    _bit(IOwnershipSales.OfferStatus.Approved)
            )
        ];
        bool expected = _pending(o.status) && (clock > o.offer.deadline || !_current(o) || transferClosed);
        vm.prank(_actor(callerSeed));
        try transfer.expireOffer(o.offer) {
            _expect(expected, "expireOffer");
            o.status = IOwnershipSales.OfferStatus.Expired;
        } catch (bytes memory err) {
            _unexpectedRevert(expected, "expireOffer", err);
        }
    }

    function withdraw(uint256 offerSeed, uint256 toSeed, uint256 callerSeed) external {
        _sync();
        if (_offers.length == 0) return;
        uint256 index = _pickOffer(offerSeed, 0);
        OfferModel storage o = _offers[index];
        address payee = _payee(o);
        address caller = payee == address(0) ? _actor(callerSeed) : payee;
        address to = _actor(toSeed);
        uint256 before = _balanceOf(o.offer.token, to);
        vm.prank(caller);
        try transfer.withdraw(o.offer, payable(to)) {
            _expect(payee != address(0), "withdraw");
            _released(index, to, before);
        } catch (bytes memory err) {
            _unexpectedRevert(payee != address(0), "withdraw", err);
        }
    }

    /**
     * @dev What an attacker tries with escrow: the seller or the buyer (`how` % 2) withdraws whatever the offer's
     * state; when the caller is not the payee (the other party, or either party after the funds were paid out), the
     * call must revert and nothing may be paid.
     */
    function attemptWithdrawal(uint256 offerSeed, uint256 toSeed, uint8 how) external {
        _sync();
        if (_offers.length == 0) return;
        uint256 index = _pickReleasedOrDue(offerSeed);
        OfferModel storage o = _offers[index];
        address caller = how % 2 == 0 ? o.offer.seller : o.offer.buyer;
        bool expected = _payee(o) == caller;
        address to = _actor(toSeed);
        uint256 before = _balanceOf(o.offer.token, to);
        vm.prank(caller);
        try transfer.withdraw(o.offer, payable(to)) {
            _expect(expected, "attemptWithdrawal");
            if (!expected) ++wrongfulWithdrawals;
            _released(index, to, before);
        } catch (bytes memory err) {
            _unexpectedRevert(expected, "attemptWithdrawal", err);
        }
    }

    /**
     * @dev The stale-offer attack: a court order moves the parcel of a pending offer away from its seller and another
     * brings it back, then anyone tries to settle the old offer. It must revert, and the offer becomes expirable.
     */
    function attemptStaleSettlement(uint256 offerSeed, uint256 awaySeed, uint256 callerSeed) external {
        _sync();
        if (_offers.length == 0 || transferPaused || transferClosed || propertyPaused || !policyEnabled) return;
        OfferModel storage o = _offers[
            _pickOffer(
                offerSeed,
                _bit(IOwnershipSales.OfferStatus.Accepted) | _bit(IOwnershipSales.OfferStatus.Approved)
            )
        ];
        if (!_pending(o.status)) return;
        ParcelModel storage parcel = _parcels[o.parcel];
        if (parcel.status == IPropertyRegistry.TitleStatus.Retired) return;
        address seller = o.offer.seller;
        if (parcel.owner == seller) {
            address away = _actor(awaySeed);
            if (away == seller) away = _actor(awaySeed + 1);
            _courtOrder(o.parcel, away);
        }
        _courtOrder(o.parcel, seller);
        vm.prank(_actor(callerSeed));
        try transfer.settleOffer(o.offer) {
            ++staleSettlements;
            _mismatch("attemptStaleSettlement: a stale offer settled");
            o.status = IOwnershipSales.OfferStatus.Settled;
            _moveTitle(o.parcel, o.offer.buyer, IOwnershipRegistry.ChangeKind.Sale, o.offer.deedHash);
        } catch {}
    }

    // -------------------------------------------------------------------------------------------------------------
    // Actions: court orders and key recovery
    // -------------------------------------------------------------------------------------------------------------

    function executeCourtOrder(uint256 parcelSeed, uint256 toSeed) external {
        _sync();
        if (_parcels.length == 0) return;
        _courtOrder(parcelSeed % _parcels.length, _actor(toSeed));
    }

    function _courtOrder(uint256 p, address to) internal {
        ParcelModel storage parcel = _parcels[p];
        bytes32 basis = keccak256(abi.encode("court order", ++_nonce));
        // The order waits COURT_OFFICER's minimum execution delay, scheduled where a guardian could cancel it.
        bytes memory order = abi.encodeCall(transfer.executeCourtOrder, (property, parcel.id, to, basis));
        vm.prank(COURT);
        try authority.schedule(address(transfer), order, 0) {} catch (bytes memory err) {
            // Only a closed transfer contract refuses the schedule.
            _unexpectedRevert(!transferClosed, "schedule court order", err);
            return;
        }
        clock += COURT_DELAY;
        _sync();
        bool expected =
            !transferPaused &&
                !transferClosed &&
                !propertyPaused &&
                policyEnabled &&
                _registryAccepts(p, parcel.owner, to, IOwnershipRegistry.ChangeKind.CourtOrder, bytes32(0));
        vm.prank(COURT);
        try transfer.executeCourtOrder(property, parcel.id, to, basis) {
            _expect(expected, "executeCourtOrder");
            _moveTitle(p, to, IOwnershipRegistry.ChangeKind.CourtOrder, basis);
        } catch (bytes memory err) {
            _unexpectedRevert(expected, "executeCourtOrder", err);
        }
    }

    /// @dev Schedules in the authority the recovery of up to `maxRecords` % 4 + 1 titles of a parcel's owner.
    function scheduleKeyRecovery(uint256 parcelSeed, uint256 newSeed, uint8 maxRecords) external {
        _sync();
        if (_parcels.length == 0 || _orders.length == MAX_ORDERS) return;
        address lost = _parcels[parcelSeed % _parcels.length].owner;
        address newAccount = _actor(newSeed);
        if (newAccount == lost) newAccount = _actor(newSeed + 1);
        uint256 limit = (maxRecords % 4) + 1;
        uint256[] memory found = new uint256[](limit);
        uint256 count;
        for (uint256 p = 0; p < _parcels.length && count < limit; ++p) {
            if (_parcels[p].owner == lost) found[count++] = p;
        }
        uint256[] memory parcels = new uint256[](count);
        uint256[] memory recordIds = new uint256[](count);
        for (uint256 i = 0; i < count; ++i) {
            parcels[i] = found[i];
            recordIds[i] = _parcels[found[i]].id;
        }
        bytes32 basis = keccak256(abi.encode("recovery order", ++_nonce));
        bytes memory data = abi.encodeCall(
            OwnershipTransfer.recoverKeys,
            (property, lost, newAccount, recordIds, basis)
        );
        _schedule(data, false, lost, newAccount, 0, parcels, basis);
    }

    /// @dev Schedules the recovery of an offer's escrowed price from its payee (or, when none, from the seller).
    function scheduleEscrowRecovery(uint256 offerSeed, uint256 newSeed) external {
        _sync();
        if (_offers.length == 0 || _orders.length == MAX_ORDERS) return;
        uint256 index = _pickOffer(offerSeed, 0);
        OfferModel storage o = _offers[index];
        address lost = _payee(o);
        if (lost == address(0)) lost = o.offer.seller;
        address newAccount = _actor(newSeed);
        if (newAccount == lost) newAccount = _actor(newSeed + 1);
        bytes memory data = abi.encodeCall(
            OwnershipTransfer.recoverEscrow,
            (o.offer, lost, payable(newAccount), keccak256(abi.encode("escrow recovery order", _nonce)))
        );
        _schedule(data, true, lost, newAccount, index, new uint256[](0), bytes32(0));
    }

    /// @dev Executes a scheduled order, through the authority or by calling the transfer contract directly.
    function executeOrder(uint256 orderSeed, bool warpToReady, bool throughAuthority) external {
        _sync();
        if (_orders.length == 0) return;
        uint256 index = _pickOrder(orderSeed);
        OrderModel storage order = _orders[index];
        if (warpToReady && clock < order.readyAt) {
            clock = order.readyAt;
            _sync();
        }
        bool expected =
            !transferClosed &&
                order.state == OrderState.Pending &&
                order.readyAt <= clock &&
                clock < order.readyAt + ORDER_EXPIRATION &&
                (order.escrow ? _payee(_offers[order.offer]) == order.lost : _recoveryAccepted(order));
        IERC20 paidIn = order.escrow ? _offers[order.offer].offer.token : IERC20(address(0));
        uint256 before = _balanceOf(paidIn, order.newAccount);
        bool ok;
        bytes memory err;
        vm.prank(RECOVERY);
        if (throughAuthority) {
            try authority.execute(address(transfer), order.data) {
                ok = true;
            } catch (bytes memory e) {
                err = e;
            }
        } else {
            (ok, err) = address(transfer).call(order.data);
        }
        if (!ok) {
            _unexpectedRevert(expected, "executeOrder", err);
            return;
        }
        _expect(expected, "executeOrder");
        order.state = OrderState.Executed;
        if (order.escrow) {
            _released(order.offer, order.newAccount, before);
        } else {
            for (uint256 i = 0; i < order.parcels.length; ++i) {
                _moveTitle(order.parcels[i], order.newAccount, IOwnershipRegistry.ChangeKind.KeyRecovery, order.basis);
            }
        }
    }

    function cancelOrder(uint256 orderSeed) external {
        _sync();
        if (_orders.length == 0) return;
        OrderModel storage order = _orders[_pickOrder(orderSeed)];
        bool expected = order.state == OrderState.Pending;
        vm.prank(GUARD);
        try authority.cancel(RECOVERY, address(transfer), order.data) {
            _expect(expected, "cancelOrder");
            order.state = OrderState.Cancelled;
        } catch (bytes memory err) {
            _unexpectedRevert(expected, "cancelOrder", err);
        }
    }

    // -------------------------------------------------------------------------------------------------------------
    // Actions: administration and time
    // -------------------------------------------------------------------------------------------------------------

    /// @dev `mode` % 4: 0 disables the land register in the transfer contract; 1 enables it without approval;
    /// otherwise enables it with registrar approval.
    function setRegistryPolicy(uint8 mode) external {
        _sync();
        uint256 m = mode % 4;
        IOwnershipSales.RegistryPolicy memory policy = IOwnershipSales.RegistryPolicy({
            enabled: m != 0,
            approvalRequired: m != 1,
            approverRole: LAND_REGISTRAR
        });
        bool expected = !transferPaused && !transferClosed;
        try transfer.setRegistryPolicy(address(property), policy) {
            _expect(expected, "setRegistryPolicy");
            policyEnabled = policy.enabled;
            approvalRequired = policy.approvalRequired;
        } catch (bytes memory err) {
            _unexpectedRevert(expected, "setRegistryPolicy", err);
        }
    }

    /// @dev Reopens a paused contract (ADMIN); pauses a running one (GUARDIAN) one time in four. A closed transfer
    /// contract can be neither paused nor unpaused: its `restricted` functions are all closed.
    function togglePause(uint8 which) external {
        _sync();
        bool ofTransfer = which % 2 == 0;
        bool paused = ofTransfer ? transferPaused : propertyPaused;
        if (!paused && which % 8 > 1) return;
        if (ofTransfer && transferClosed) {
            if (!paused) vm.prank(GUARD);
            (bool ok, bytes memory err) = address(transfer).call(
                paused ? abi.encodeCall(transfer.unpause, ()) : abi.encodeCall(transfer.pause, ())
            );
            if (ok) _mismatch("togglePause: a closed transfer contract changed its pause");
            else _unexpectedRevert(false, "togglePause", err);
            return;
        }
        if (paused) {
            if (ofTransfer) transfer.unpause();
            else property.unpause();
        } else {
            vm.prank(GUARD);
            if (ofTransfer) transfer.pause();
            else property.pause();
        }
        if (ofTransfer) transferPaused = !paused;
        else propertyPaused = !paused;
    }

    /**
     * @dev ADMIN closes the transfer contract in the authority, or reopens it. The contract's admin delay is in
     * force from the deployment on, so the change is scheduled and executed after that delay, and time moves on.
     */
    function toggleTransferClosed() external {
        _sync();
        _setTransferClosed(!transferClosed);
    }

    function warp(uint256 seconds_) external {
        clock += _bound(seconds_, 1 minutes, 5 days);
        _sync();
    }

    /**
     * @dev Moves time to a boundary: the last second of an offer's deadline or the second after it, or the last
     * second before a scheduled order expires or its first expired second. Time never goes back.
     */
    function warpToBoundary(uint256 seed, bool after_) external {
        uint256 target;
        if (seed % 2 == 0 && _offers.length != 0) {
            target = _offers[(seed >> 1) % _offers.length].offer.deadline;
        } else if (_orders.length != 0) {
            target = uint256(_orders[(seed >> 1) % _orders.length].readyAt) + ORDER_EXPIRATION - 1;
        }
        if (after_) ++target;
        if (target > clock) clock = target;
        _sync();
    }

    /**
     * @notice Ends a run: reopens the transfer contract, lets every deadline pass, expires every pending offer and has
     * every payee withdraw. Called by the invariant test after each run to prove that all escrow can be paid out.
     */
    function drainEscrow() external {
        if (transferClosed) _setTransferClosed(false);
        if (transferPaused) {
            transfer.unpause();
            transferPaused = false;
        }
        clock += 21 days;
        _sync();
        for (uint256 i = 0; i < _offers.length; ++i) {
            OfferModel storage o = _offers[i];
            if (_pending(o.status)) {
                transfer.expireOffer(o.offer);
                o.status = IOwnershipSales.OfferStatus.Expired;
            }
            address payee = _payee(o);
            if (payee != address(0)) {
                uint256 before = _balanceOf(o.offer.token, payee);
                vm.prank(payee);
                transfer.withdraw(o.offer, payable(payee));
                _released(i, payee, before);
            }
        }
    }

    // -------------------------------------------------------------------------------------------------------------
    // Reads for the invariant test
    // -------------------------------------------------------------------------------------------------------------

    /// @notice The functions the fuzzer calls.
    function actions() external pure returns (bytes4[] memory selectors) {
        selectors = new bytes4[](28);
        selectors[0] = this.registerTitle.selector;
        selectors[1] = this.updateTitleDocument.selector;
        selectors[2] = this.setTitleStatus.selector;
        selectors[3] = this.registerLien.selector;
        selectors[4] = this.releaseLien.selector;
        selectors[5] = this.consentToSale.selector;
        selectors[6] = this.consentToOffer.selector;
        selectors[7] = this.attemptOwnerChangeOutsideTransfer.selector;
        selectors[8] = this.openOffer.selector;
        selectors[9] = this.cancelOffer.selector;
        selectors[10] = this.acceptOffer.selector;
        selectors[11] = this.approveOffer.selector;
        selectors[12] = this.rejectOffer.selector;
        selectors[13] = this.settleOffer.selector;
        selectors[14] = this.expireOffer.selector;
        selectors[15] = this.withdraw.selector;
        selectors[16] = this.executeCourtOrder.selector;
        selectors[17] = this.scheduleKeyRecovery.selector;
        selectors[18] = this.scheduleEscrowRecovery.selector;
        selectors[19] = this.executeOrder.selector;
        selectors[20] = this.cancelOrder.selector;
        selectors[21] = this.setRegistryPolicy.selector;
        selectors[22] = this.togglePause.selector;
        selectors[23] = this.warp.selector;
        selectors[24] = this.warpToBoundary.selector;
        selectors[25] = this.attemptWithdrawal.selector;
        selectors[26] = this.attemptStaleSettlement.selector;
        selectors[27] = this.toggleTransferClosed.selector;
    }

    function contracts() external view returns (address, address, address, address) {
        return (address(authority), address(property), address(transfer), address(token));
    }

    function actors() external view returns (address[] memory list) {
        list = new address[](ACTORS);
        for (uint256 i = 0; i < ACTORS; ++i) list[i] = _actors[i];
    }

    function parcelCount() external view returns (uint256) {
        return _parcels.length;
    }

    function parcelModel(uint256 index) external view returns (ParcelModel memory) {
        return _parcels[index];
    }

    function historyModel(uint256 index) external view returns (IOwnershipRegistry.OwnershipRecord[] memory) {
        return _history[index];
    }

    function lienCount() external view returns (uint256) {
        return _liens.length;
    }

    function lienModel(uint256 index) external view returns (LienModel memory) {
        return _liens[index];
    }

    function offerCount() external view returns (uint256) {
        return _offers.length;
    }

    function offerModel(uint256 index) external view returns (OfferModel memory) {
        return _offers[index];
    }

    /// @notice Who may withdraw the offer's escrow now according to the model, or zero.
    function payeeOf(uint256 index) external view returns (address) {
        return _payee(_offers[index]);
    }

    // -------------------------------------------------------------------------------------------------------------
    // Model
    // -------------------------------------------------------------------------------------------------------------

    /// @dev Whether the land register accepts a change of owner of parcel `p` (its own rules, `_ownerChangeError`).
    function _registryAccepts(
        uint256 p,
        address from,
        address to,
        IOwnershipRegistry.ChangeKind kind,
        bytes32 offerId
    ) internal view returns (bool) {
        ParcelModel storage parcel = _parcels[p];
        if (parcel.status == IPropertyRegistry.TitleStatus.Retired) return false;
        if (parcel.status == IPropertyRegistry.TitleStatus.Frozen && kind == IOwnershipRegistry.ChangeKind.Sale) {
            return false;
        }
        if (parcel.owner != from || to == address(0) || to == from) return false;
        if (kind != IOwnershipRegistry.ChangeKind.Sale) return true;
        for (uint256 l = 0; l < _liens.length; ++l) {
            LienModel storage held = _liens[l];
            if (held.parcel != p || held.releasedAt != 0) continue;
            if (offerId == bytes32(0) || held.consentOffer != offerId) return false;
        }
        return true;
    }

    /// @dev Whether the offer's parcel is as it was when the offer was opened (no change of owner) and can be sold.
    function _current(OfferModel storage o) internal view returns (bool) {
        return
            _history[o.parcel].length - 1 == o.ownerChanges &&
            _parcels[o.parcel].status == IPropertyRegistry.TitleStatus.Active;
    }

    function _recoveryAccepted(OrderModel storage order) internal view returns (bool) {
        if (transferPaused || propertyPaused || !policyEnabled || order.parcels.length == 0) return false;
        for (uint256 i = 0; i < order.parcels.length; ++i) {
            if (
                !_registryAccepts(
                    order.parcels[i],
                    order.lost,
                    order.newAccount,
                    IOwnershipRegistry.ChangeKind.KeyRecovery,
                    bytes32(0)
                )
            ) return false;
        }
        return true;
    }

    /// @dev Closes or reopens the transfer contract as ADMIN, through a schedule once an admin delay applies.
    function _setTransferClosed(bool closed) internal {
        bytes memory data = abi.encodeCall(IAccessManager.setTargetClosed, (address(transfer), closed));
        uint32 delay = authority.getTargetAdminDelay(address(transfer));
        if (delay != 0) {
            authority.schedule(address(authority), data, 0);
            clock += delay;
            _sync();
            authority.execute(address(authority), data);
        } else {
            authority.setTargetClosed(address(transfer), closed);
        }
        if (authority.isTargetClosed(address(transfer)) != closed) _mismatch("toggleTransferClosed");
        transferClosed = closed;
    }

    function _moveTitle(uint256 p, address to, IOwnershipRegistry.ChangeKind kind, bytes32 basis) internal {
        ParcelModel storage parcel = _parcels[p];
        parcel.owner = to;
        parcel.ownerSince = uint40(clock);
        _history[p].push(
            IOwnershipRegistry.OwnershipRecord({owner: to, since: uint40(clock), kind: kind, basis: basis})
        );
        ++lawfulChanges;
        if (transferClosed) ++changesWhileClosed;
    }

    function _payee(OfferModel storage o) internal view returns (address) {
        if (!o.deposited || o.released) return address(0);
        if (o.status == IOwnershipSales.OfferStatus.Settled) return o.offer.seller;
        if (o.status == IOwnershipSales.OfferStatus.Rejected || o.status == IOwnershipSales.OfferStatus.Expired) {
            return o.offer.buyer;
        }
        return address(0);
    }

    function _pending(IOwnershipSales.OfferStatus status) internal pure returns (bool) {
        return
            status == IOwnershipSales.OfferStatus.Open ||
            status == IOwnershipSales.OfferStatus.Accepted ||
            status == IOwnershipSales.OfferStatus.Approved;
    }

    /// @dev Records a release of an offer's escrow to `to`, checking that `to` received exactly the price.
    function _released(uint256 index, address to, uint256 balanceBefore) internal {
        OfferModel storage o = _offers[index];
        o.released = true;
        if (address(o.offer.token) == address(0)) nativeOut += o.offer.price;
        else tokenOut += o.offer.price;
        if (_balanceOf(o.offer.token, to) != balanceBefore + o.offer.price) _mismatch("release: amount received");
    }

    function _consent(uint256 l, bytes32 offerId) internal {
        LienModel storage held = _liens[l];
        bool expected = !propertyPaused && held.releasedAt == 0;
        vm.prank(held.holder);
        try property.consentToSale(l + 1, offerId) {
            _expect(expected, "consentToSale");
            held.consentOffer = offerId;
        } catch (bytes memory err) {
            _unexpectedRevert(expected, "consentToSale", err);
        }
    }

    function _withdrawConsent(uint256 l) internal {
        LienModel storage held = _liens[l];
        bool expected = !propertyPaused && held.releasedAt == 0 && held.consentOffer != bytes32(0);
        vm.prank(held.holder);
        try property.withdrawConsent(l + 1) {
            _expect(expected, "withdrawConsent");
            held.consentOffer = bytes32(0);
        } catch (bytes memory err) {
            _unexpectedRevert(expected, "withdrawConsent", err);
        }
    }

    function _newOffer(
        uint256 p,
        uint256 buyerSeed,
        uint256 price,
        uint256 duration,
        bool inToken
    ) internal returns (IOwnershipSales.Offer memory offer) {
        address seller = _parcels[p].owner;
        address buyer = _actor(buyerSeed);
        if (buyer == seller) buyer = _actor(buyerSeed + 1);
        offer = IOwnershipSales.Offer({
            registry: property,
            recordId: _parcels[p].id,
            seller: seller,
            buyer: buyer,
            token: inToken ? IERC20(address(token)) : IERC20(address(0)),
            price: _bound(price, 1, MAX_PRICE),
            deadline: uint64(clock + _bound(duration, 1 hours, 20 days)),
            deedHash: keccak256(abi.encode("sale deed", _nonce)),
            nonce: ++_nonce
        });
    }

    /// @dev Opens an offer as its seller, or submits the seller's signature as `submitter`.
    function _open(IOwnershipSales.Offer memory offer, uint256 p, bool bySignature, address submitter) internal {
        bytes32 offerId = transfer.hashOffer(offer);
        bytes memory data =
            bySignature
                ? abi.encodeCall(OwnershipTransfer.openOfferBySig, (offer, _signOffer(offer)))
                : abi.encodeCall(OwnershipTransfer.openOffer, (offer));
        bool expected = !transferPaused && policyEnabled && _parcels[p].status == IPropertyRegistry.TitleStatus.Active;
        vm.prank(bySignature ? submitter : offer.seller);
        (bool ok, bytes memory result) = address(transfer).call(data);
        if (!ok) {
            _unexpectedRevert(expected, "openOffer", result);
            return;
        }
        _expect(expected, "openOffer");
        if (abi.decode(result, (bytes32)) != offerId) _mismatch("openOffer: offer id");
        _offers.push(
            OfferModel({
                offer: offer,
                id: offerId,
                parcel: p,
                status: IOwnershipSales.OfferStatus.Open,
                approvalRequired: approvalRequired,
                deposited: false,
                released: false,
                ownerChanges: _history[p].length - 1
            })
        );
    }

    function _cancelBeforeSubmission(IOwnershipSales.Offer memory offer, uint256 p) internal {
        bytes32 offerId = transfer.hashOffer(offer);
        bytes memory signature = _signOffer(offer);
        vm.prank(offer.seller);
        try transfer.cancelOffer(offer) {
            _expect(!transferPaused, "cancelOffer before submission");
        } catch (bytes memory err) {
            _unexpectedRevert(!transferPaused, "cancelOffer before submission", err);
            return;
        }
        _offers.push(
            OfferModel({
                offer: offer,
                id: offerId,
                parcel: p,
                status: IOwnershipSales.OfferStatus.Cancelled,
                approvalRequired: false,
                deposited: false,
                released: false,
                ownerChanges: 0
            })
        );
        try transfer.openOfferBySig(offer, signature) {
            _mismatch("openOfferBySig: a cancelled signature was accepted");
        } catch {}
    }

    function _schedule(
        bytes memory data,
        bool escrow,
        address lost,
        address newAccount,
        uint256 offerIndex,
        uint256[] memory parcels,
        bytes32 basis
    ) internal {
        // The authority keeps one schedule per (caller, target, data): an order with the same data reuses its entry,
        // and cannot be scheduled again while it waits and has not expired.
        uint256 index = _orders.length;
        for (uint256 i = 0; i < _orders.length; ++i) {
            if (keccak256(_orders[i].data) == keccak256(data)) index = i;
        }
        // A closed target cannot be scheduled at all.
        bool expected =
            !transferClosed &&
                (index == _orders.length ||
                    _orders[index].state != OrderState.Pending ||
                    clock >= _orders[index].readyAt + ORDER_EXPIRATION);
        vm.prank(RECOVERY);
        try authority.schedule(address(transfer), data, 0) returns (bytes32, uint32) {
            _expect(expected, "schedule");
            if (index == _orders.length) {
                _orders.push(
                    OrderModel({
                        data: data,
                        readyAt: 0,
                        state: OrderState.None,
                        escrow: escrow,
                        lost: lost,
                        newAccount: newAccount,
                        offer: offerIndex,
                        parcels: parcels,
                        basis: basis
                    })
                );
            }
            _orders[index].readyAt = uint48(clock + RECOVERY_DELAY);
            _orders[index].state = OrderState.Pending;
        } catch (bytes memory err) {
            _unexpectedRevert(expected, "schedule", err);
        }
    }

    // -------------------------------------------------------------------------------------------------------------
    // Helpers
    // -------------------------------------------------------------------------------------------------------------

    /**
     * @dev Seven times in eight, an offer whose status is in `statusMask` (or, for a zero mask, one with escrow due to
     * a payee), so that sales progress; otherwise, or when none fits, any offer, so that refused transitions are tried.
     */
    function _pickOffer(uint256 seed, uint256 statusMask) internal view returns (uint256) {
        uint256 n = _offers.length;
        if (seed % 8 != 0) {
            uint256 start = (seed >> 3) % n;
            for (uint256 k = 0; k < n; ++k) {
                uint256 i = (start + k) % n;
                OfferModel storage o = _offers[i];
                if (statusMask == 0 ? _payee(o) != address(0) : statusMask & _bit(o.status) != 0) return i;
            }
        }
        return seed % n;
    }

    /// @dev An offer whose funds were paid out, or are due, when there is one (the targets of a theft); otherwise any.
    function _pickReleasedOrDue(uint256 seed) internal view returns (uint256) {
        uint256 n = _offers.length;
        uint256 start = seed % n;
        for (uint256 k = 0; k < n; ++k) {
            uint256 i = (start + k) % n;
            if (_offers[i].released || _payee(_offers[i]) != address(0)) return i;
        }
        return start;
    }

    /// @dev Seven times in eight a pending order when there is one; otherwise any order.
    function _pickOrder(uint256 seed) internal view returns (uint256) {
        uint256 n = _orders.length;
        if (seed % 8 != 0) {
            uint256 start = (seed >> 3) % n;
            for (uint256 k = 0; k < n; ++k) {
                uint256 i = (start + k) % n;
                if (_orders[i].state == OrderState.Pending) return i;
            }
        }
        return seed % n;
    }

    function _bit(IOwnershipSales.OfferStatus status) internal pure returns (uint256) {
        return 1 << uint8(status);
    }

    function _sync() internal {
        vm.warp(clock);
    }

    function _actor(uint256 seed) internal view returns (address) {
        return _actors[seed % ACTORS];
    }

    /// @dev The seller's signature over `offer` with the record's owner-change count as it stands now.
    function _signOffer(IOwnershipSales.Offer memory offer) internal view returns (bytes memory) {
        (, uint256 ownerChanges, ) = property.ownershipState(offer.recordId);
        return _sign(offer.seller, transfer.signedOfferDigest(offer, ownerChanges));
    }

    function _sign(address signer, bytes32 digest) internal view returns (bytes memory) {
        uint256 key;
        for (uint256 i = 0; i < ACTORS; ++i) if (_actors[i] == signer) key = _keys[i];
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(key, digest);
        return abi.encodePacked(r, s, v);
    }

    function _balanceOf(IERC20 paidIn, address account) internal view returns (uint256) {
        return address(paidIn) == address(0) ? account.balance : paidIn.balanceOf(account);
    }

    /// @dev Records a call that succeeded although the model predicted a revert.
    function _expect(bool expected, string memory action) internal {
        if (!expected) _mismatch(string.concat(action, ": succeeded, the rules say it must revert"));
    }

    /// @dev Records a call that reverted although the model predicted success.
    function _unexpectedRevert(bool expected, string memory action, bytes memory err) internal {
        if (expected) {
            uint256 selector = err.length >= 4 ? uint256(uint32(bytes4(err))) : 0;
            _mismatch(
                string.concat(action, ": reverted with ", selector.toHexString(4), ", the rules say it succeeds")
            );
        }
    }

    function _mismatch(string memory what) internal {
        ++mismatches;
        if (bytes(firstMismatch).length == 0) firstMismatch = what;
    }
}
