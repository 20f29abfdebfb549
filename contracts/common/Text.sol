// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ITextErrors} from "./ITextErrors.sol";

/**
 * @title Text
 * @notice The limits a register puts on its text fields, written once for every registry: references (a cadastral
 * reference, a company number), URIs and names. {check} reverts with the errors of {ITextErrors}, naming the field.
 * @dev References have one canonical form, so that two spellings of the same reference cannot make two records (`ut-1`
 * beside `UT-1`): printable ASCII with upper-case letters only and single inner spaces. The commands normalise a
 * reference to that form before sending (`normalizeReference` in src/vocabulary.ts). Names may hold any well-formed
 * UTF-8 text without control characters, and nothing that would let two names look the same: no invisible or
 * bidirectional format character anywhere, no no-break space or other white space at either end ("University A"
 * cannot be registered again with a trailing no-break space, a zero-width space or a right-to-left override). The
 * UTF-8 decoding runs only on a name within its length limit, so it costs at most 256 steps.
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

    // Bit `c` of each set is 1 when byte `c` may appear (spaces apart, which follow their own rule).
    // 0x21 to 0x7E: printable ASCII without the space.
    uint256 private constant _PRINTABLE = (uint256(1) << 0x7f) - (uint256(1) << 0x21);
    // 0x61 to 0x7A: the lower-case letters.
    uint256 private constant _LOWER_CASE = (uint256(1) << 0x7b) - (uint256(1) << 0x61);
    uint256 private constant _REFERENCE_BYTES = _PRINTABLE & ~_LOWER_CASE;
    uint256 private constant _URI_BYTES = _PRINTABLE;
    // 0x21 to 0xFF but DEL (0x7F): no control character; bytes of 0x80 or more belong to UTF-8 characters.
    uint256 private constant _NAME_BYTES = ~((uint256(1) << 0x21) - 1) & ~(uint256(1) << 0x7f);

    /**
     * @dev Reverts unless `text` keeps the rules of its `kind`, naming `field` in the error: its length, then each
     * byte ({firstInvalidByte}), then for a name each character ({firstHiddenCharacter}).
     */
    function check(string calldata text, Kind kind, string memory field) internal pure {
        uint256 length = bytes(text).length;
        uint256 maximum = maxLength(kind);
        if (length > maximum) revert ITextErrors.TextTooLong(field, length, maximum);
        uint256 position = firstInvalidByte(bytes(text), kind);
        if (position != NONE) revert ITextErrors.TextInvalidCharacter(field, position, bytes(text)[position]);
        if (kind == Kind.Name) {
            uint256 codePoint;
            (position, codePoint) = firstHiddenCharacter(bytes(text));
            if (position == NONE) return;
            if (codePoint == NONE) revert ITextErrors.TextInvalidUtf8(field, position);
            revert ITextErrors.TextHiddenCharacter(field, position, codePoint);
        }
    }

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
    function firstInvalidByte(bytes calldata text, Kind kind) internal pure returns (uint256 position) {
        uint256 allowed =
            kind == Kind.Reference
                ? _REFERENCE_BYTES
                : kind == Kind.Uri
                    ? _URI_BYTES
                    : _NAME_BYTES;
        bool spaced = kind != Kind.Uri;
        position = NONE;
        // One look-up in a 256-bit set per byte: the same scan written in Solidity, with a bounds check and several
        // branches per byte, cost about 300 gas a byte; this one about 60 (measured for a 21-byte cadastral reference:
        // 6,300 gas before, 1,400 now).
        assembly ("memory-safe") {
            let length := text.length
            let previous := 0
            for {
                let i := 0
            } lt(i, length) {
                i := add(i, 1)
            } {
                let c := byte(0, calldataload(add(text.offset, i)))
                let valid := and(shr(c, allowed), 1)
                if and(eq(c, 0x20), spaced) {
                    valid := and(and(gt(i, 0), lt(add(i, 1), length)), iszero(eq(previous, 0x20)))
                }
                if iszero(valid) {
                    position := i
                    break
                }
                previous := c
            }
        }
    }

    /**
     * @dev The position of the first character of `text` that is malformed UTF-8 or would let two names look the
     * same, with its code point ({NONE} for malformed UTF-8), or ({NONE}, 0). ASCII bytes are left to
     * {firstInvalidByte}. The caller bounds `text` by its length limit first.
     */
    function firstHiddenCharacter(bytes calldata text) internal pure returns (uint256 position, uint256 codePoint) {
        uint256 length = text.length;
        uint256 i = 0;
        while (i < length) {
            if (uint8(text[i]) < 0x80) {
                ++i;
                continue;
            }
            (uint256 decoded, uint256 size) = _decode(text, i);
            if (size == 0) return (i, NONE);
            bool atEnd = i == 0 || i + size == length;
            if (_isHidden(decoded) || (atEnd && _isWhiteSpace(decoded))) return (i, decoded);
            i += size;
        }
        return (NONE, 0);
    }

    /**
     * @dev The code point of the multi-byte UTF-8 sequence at `i` and its length in bytes, or a length of zero when
     * the sequence is not well-formed (RFC 3629: no overlong form, no surrogate, nothing above U+10FFFF).
     */
    function _decode(bytes calldata text, uint256 i) private pure returns (uint256 codePoint, uint256 size) {
        uint256 lead = uint8(text[i]);
        uint256 low = 0x80;
        uint256 high = 0xBF;
        if (lead >= 0xC2 && lead <= 0xDF) {
            size = 2;
            codePoint = lead & 0x1F;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            size = 3;
            codePoint = lead & 0x0F;
            if (lead == 0xE0) low = 0xA0; // no overlong form
            if (lead == 0xED) high = 0x9F; // no surrogate
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            size = 4;
            codePoint = lead & 0x07;
            if (lead == 0xF0) low = 0x90; // no overlong form
            if (lead == 0xF4) high = 0x8F; // nothing above U+10FFFF
        } else {
            return (0, 0);
        }
        if (i + size > text.length) return (0, 0);
        for (uint256 k = 1; k < size; ++k) {
            uint256 next = uint8(text[i + k]);
            if (next < low || next > high) return (0, 0);
            low = 0x80;
            high = 0xBF;
            codePoint = (codePoint << 6) | (next & 0x3F);
        }
    }

    /// @dev A control character of the C1 set, or an invisible or bidirectional format character.
    function _isHidden(uint256 c) private pure returns (bool) {
        return
            (c >= 0x80 && c <= 0x9F) ||
            c == 0xAD ||
            (c >= 0x200B && c <= 0x200F) ||
            (c >= 0x202A && c <= 0x202E) ||
            (c >= 0x2060 && c <= 0x2064) ||
            (c >= 0x2066 && c <= 0x2069) ||
            c == 0xFEFF;
    }

    /// @dev White space beyond ASCII (Unicode's White_Space property): no-break spaces and the typographic spaces.
    function _isWhiteSpace(uint256 c) private pure returns (bool) {
        return
            c == 0xA0 ||
            c == 0x1680 ||
            (c >= 0x2000 && c <= 0x200A) ||
            c == 0x2028 ||
            c == 0x2029 ||
            c == 0x202F ||
            c == 0x205F ||
            c == 0x3000;
    }
}
