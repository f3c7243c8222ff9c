from hpdeck.cli import main

main()
