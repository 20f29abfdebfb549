// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/**
 * @title Text
 * @notice The limits a register puts on its text fields, written once for every registry: references (a cadastral
 * reference, a company number), URIs and names. Each registry reverts with its own errors, naming the field.
 * @dev References have one canonical form, so that two spellings of the same reference cannot make two records (`ut-1`
 * beside `UT-1`): printable ASCII with upper-case letters only and single inner spaces. The commands normalise a
 * reference to that form before sending (`normalizeReference` in src/vocabulary.ts). Names may hold any UTF-8 text
 * without control characters; the registry does not decode UTF-8, so a byte of 0x80 or more is accepted as part of a
 * multi-byte character.
 */
library Text {
    /// @notice What a text field holds, and so which rules apply.
    enum Kind {
        Reference, // printable ASCII without lower-case letters, no space at an end or two in a row; 64 bytes at most
        Uri, // printable ASCII without spaces (RFC 3986 text; anything else percent-encoded); 512 bytes at most
        Name // text without control characters, no space at an end or two in a row; 256 bytes at most
    }

    /// @notice The longest reference, in bytes.
    uint256 internal constant MAX_REFERENCE_LENGTH = 64;

    /// @notice The longest URI, in bytes.
    uint256 internal constant MAX_URI_LENGTH = 512;

    /// @notice The longest name, in bytes (UTF-8).
    uint256 internal constant MAX_NAME_LENGTH = 256;

    /// @notice What {firstInvalidByte} answers for a text that keeps the rules.
    uint256 internal constant NONE = type(uint256).max;

    /// @dev The most bytes a text of `kind` may hold.
    function maxLength(Kind kind) internal pure returns (uint256) {
        if (kind == Kind.Reference) return MAX_REFERENCE_LENGTH;
        if (kind == Kind.Uri) return MAX_URI_LENGTH;
        return MAX_NAME_LENGTH;
    }

    /**
     * @dev The position of the first byte of `text` that breaks the rules of `kind`, or {NONE}. Spaces count against a
     * reference or a name at either end and after another space; a control character (below 0x20, or 0x7F) never
     * passes; a reference also refuses lower-case letters and bytes of 0x80 or more, a URI any space.
     */
    function firstInvalidByte(bytes calldata text, Kind kind) internal pure returns (uint256) {
        uint256 length = text.length;
        for (uint256 i = 0; i < length; ++i) {
            uint8 c = uint8(text[i]);
            bool valid;
            if (c == 0x20) {
                valid = kind != Kind.Uri && i != 0 && i != length - 1 && uint8(text[i - 1]) != 0x20;
            } else if (kind == Kind.Name) {
                valid = c > 0x20 && c != 0x7f;
            } else {
                valid = c > 0x20 && c < 0x7f && (kind == Kind.Uri || c < 0x61 || c > 0x7a);
            }
            if (!valid) return i;
        }
        return NONE;
    }
}
