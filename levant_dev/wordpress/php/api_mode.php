<?php
/*
 * Opens or closes the REST API (mu-plugins/levant-api.php):
 * `php api_mode.php DOCROOT open|disabled|forbidden|unauthorized`.
 */
require __DIR__ . '/bootstrap.php';

$mode = $argv[2];
if (!in_array($mode, ['open', 'disabled', 'forbidden', 'unauthorized'], true)) {
    levant_fail("unknown API mode $mode");
}
update_option('levant_api_mode', $mode);
echo json_encode(['api' => get_option('levant_api_mode')]), "\n";
