<?php
/*
 * Loads WordPress for a command-line script: `php SCRIPT.php DOCROOT [ARGS...]`.
 * Mail is never sent, and the script writes HTML as an administrator would
 * (no kses filtering of post content).
 */
if (PHP_SAPI !== 'cli') {
    exit(1);
}
function wp_mail() {
    return true;
}
$_SERVER['HTTP_HOST'] = $_SERVER['HTTP_HOST'] ?? '127.0.0.1';
$_SERVER['REQUEST_METHOD'] = 'GET';
$docroot = rtrim($argv[1], '/');
if (defined('LEVANT_INSTALLING')) {
    define('WP_INSTALLING', true);
}
require $docroot . '/wp-load.php';
kses_remove_filters();

function levant_fail(string $message): void {
    fwrite(STDERR, $message . "\n");
    exit(1);
}
