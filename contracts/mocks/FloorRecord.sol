// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/**
 * @title FloorRecord
 * @notice The least a record on chain can cost: one storage slot written and one event, with no check, no access
 * control, no proxy and no authority. The gas benchmark (`npm run bench`) measures it as a floor beside the
 * registries; it is not part of the suite.
 */
contract FloorRecord {
    /// @notice The value recorded under each key (zero: none).
    mapping(bytes32 key => bytes32 value) public records;

    /// @notice `value` was recorded under `key`.
    event Recorded(bytes32 indexed key, bytes32 value);

    /**
     * @notice Records `value` under `key`, over any earlier value. Unrestricted: for the benchmark only.
     * @dev Emits a {Recorded} event.
     */
    function record(bytes32 key, bytes32 value) external {
        records[key] = value;
        emit Recorded(key, value);
    }
}
