// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/**
 * @title ITextErrors
 * @notice The errors of the text checks every registry shares ({Text}): each names the field it refuses, so that one
 * declaration serves the land register, the business register and the diploma register alike.
 */
interface ITextErrors {
    /**
     * @notice A text field is longer than its limit (`length` and `maximum` in bytes): references 64, URIs 512, names
     * 256.
     */
    error TextTooLong(string field, uint256 length, uint256 maximum);

    /**
     * @notice A text field holds a byte its kind does not allow, at `position` (from 0): a control character, a
     * lower-case letter or a non-ASCII byte in a reference, a space in a URI, or a space at either end of a
     * reference or a name or after another space.
     */
    error TextInvalidCharacter(string field, uint256 position, bytes1 character);

    /// @notice A name is not well-formed UTF-8 from the byte at `position` on (a stray, overlong or cut sequence).
    error TextInvalidUtf8(string field, uint256 position);

    /**
     * @notice A name holds a character that would let two names look the same, at byte `position`: an invisible or
     * bidirectional format character anywhere (U+00AD, U+200B to U+200F, U+202A to U+202E, U+2060 to U+2064, U+2066
     * to U+2069, U+FEFF), a control character of the C1 set (U+0080 to U+009F), or a no-break space or other white
     * space at either end (U+00A0, U+1680, U+2000 to U+200A, U+2028, U+2029, U+202F, U+205F, U+3000).
     */
    error TextHiddenCharacter(string field, uint256 position, uint256 codePoint);
}
