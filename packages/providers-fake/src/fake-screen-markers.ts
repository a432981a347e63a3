// The fake agent's screen vocabulary, shared by the program that draws it and the rules that read
// it. Only footer lines carry state markers; the log above the rule never does.

/** The line that opens the footer. */
export const FOOTER_RULE = '─'.repeat(40);
/** Starts the input line (the first line of the input buffer). */
export const INPUT_PREFIX = '› ';
/** Starts every further line of a multi-line input buffer. */
export const INPUT_CONTINUATION_PREFIX = '┊ ';

export const SPINNER_FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'] as const;
export const WORKING_STATUS = 'Working… (esc to interrupt)';
export const QUESTION_TEXT = 'Which directory should I inspect first?';
export const QUESTION_STATUS = `◆ Question: ${QUESTION_TEXT}`;
export const QUESTION_HINT = '  reply to continue';
export const APPROVAL_COMMAND = 'rm -rf ./build';
export const APPROVAL_STATUS = `? Allow command: ${APPROVAL_COMMAND} [y/n]`;
export const LIMIT_STATUS = '⚠ Usage limit reached. Try again at 3:05 PM.';
export const ERROR_STATUS = '✗ Error: upstream model API returned 500 (request failed)';
