// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ICourtOrders} from "./ICourtOrders.sol";
import {ISignedOffers} from "./ISignedOffers.sol";

/**
 * @title IOwnershipTransfer
 * @notice Changes the owner of a record (a land title, a company's controlling stake) the way the law says: a sale
 * with payment in escrow and delivery versus payment ({IOwnershipSales}), offers signed offline ({ISignedOffers}), a
 * court order, or a key recovery after the authority's delay ({ICourtOrders}).
 */
// solhint-disable-next-line no-empty-blocks
interface IOwnershipTransfer is ISignedOffers, ICourtOrders {}
