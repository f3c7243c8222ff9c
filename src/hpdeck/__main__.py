from hpdeck.commands.cli import main

main()
